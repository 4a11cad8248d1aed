import CPNG

/// Writes an 8-bit RGB image (row-major, 3 bytes per pixel) to a PNG file through libpng's
/// simplified API. This is the one place in the package that writes PNGs: frames, episode
/// strips and reconstructions all come through here. (libpng's classic API reports errors with
/// setjmp/longjmp, which Swift cannot use; the simplified API returns a status and a message.)
public func writePNG(path: String, width: Int, height: Int, rgb: [UInt8]) throws {
    guard width > 0, height > 0, rgb.count == width * height * 3 else {
        throw EnvError.imageWriteFailed(path: path, reason: "expected \(width)x\(height)x3 bytes, got \(rgb.count)")
    }
    var image = png_image()
    image.version = UInt32(PNG_IMAGE_VERSION)
    image.width = UInt32(width)
    image.height = UInt32(height)
    image.format = UInt32(PNG_FORMAT_RGB)
    let status = rgb.withUnsafeBytes { bytes in
        png_image_write_to_file(&image, path, 0, bytes.baseAddress, Int32(width * 3), nil)
    }
    if status == 0 {
        let message = withUnsafeBytes(of: image.message) { bytes in
            String(decoding: bytes.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        png_image_free(&image)
        throw EnvError.imageWriteFailed(path: path, reason: message.isEmpty ? "libpng failed" : message)
    }
}
