// Nearest-neighbour 2x upsampling and 2x2 max-pooling of [N, C, H, W] images.

/// Repeats every pixel into a 2x2 block: [N, C, H, W] -> [N, C, 2H, 2W].
public func upsampleNearest2x(_ x: Tensor) -> Tensor {
    require(x.rank == 4, "upsampleNearest2x: need [N, C, H, W], got \(describe(x.shape))")
    let (planes, h, w) = (x.shape[0] * x.shape[1], x.shape[2], x.shape[3])
    let out = Tensor(uninitializedShape: [x.shape[0], x.shape[1], 2 * h, 2 * w])
    for p in 0..<planes {
        let src = x.data + p * h * w, dst = out.data + p * 4 * h * w
        for y in 0..<h {
            let row = dst + 2 * y * 2 * w
            for xx in 0..<w { let v = src[y * w + xx]; row[2 * xx] = v; row[2 * xx + 1] = v }
            (row + 2 * w).update(from: row, count: 2 * w)
        }
    }
    return out.recorded("upsampleNearest2x", [x]) { _, grad in
        let gx = x.gradData
        for p in 0..<planes {
            let src = grad.data + p * 4 * h * w, dst = gx + p * h * w
            for y in 0..<h {
                let top = src + 2 * y * 2 * w, bottom = top + 2 * w
                for xx in 0..<w {
                    dst[y * w + xx] += top[2 * xx] + top[2 * xx + 1] + bottom[2 * xx] + bottom[2 * xx + 1]
                }
            }
        }
    }
}

/// Maximum of each 2x2 block (stride 2; an odd last row or column is dropped, as torch):
/// [N, C, H, W] -> [N, C, H/2, W/2]. The gradient goes to the first maximal element.
public func maxPool2x2(_ x: Tensor) -> Tensor {
    require(x.rank == 4 && x.shape[2] >= 2 && x.shape[3] >= 2,
            "maxPool2x2: need [N, C, H >= 2, W >= 2], got \(describe(x.shape))")
    let (planes, h, w) = (x.shape[0] * x.shape[1], x.shape[2], x.shape[3])
    let (oh, ow) = (h / 2, w / 2)
    let out = Tensor(uninitializedShape: [x.shape[0], x.shape[1], oh, ow])
    // Offset (0...3) of the winner in each block, for backward.
    var winners = [UInt8](repeating: 0, count: planes * oh * ow)
    for p in 0..<planes {
        let src = x.data + p * h * w, dst = out.data + p * oh * ow
        for y in 0..<oh {
            for xx in 0..<ow {
                let base = 2 * y * w + 2 * xx
                let candidates = (src[base], src[base + 1], src[base + w], src[base + w + 1])
                var best = candidates.0, at: UInt8 = 0
                if candidates.1 > best { best = candidates.1; at = 1 }
                if candidates.2 > best { best = candidates.2; at = 2 }
                if candidates.3 > best { best = candidates.3; at = 3 }
                dst[y * ow + xx] = best
                winners[(p * oh + y) * ow + xx] = at
            }
        }
    }
    return out.recorded("maxPool2x2", [x]) { _, grad in
        let gx = x.gradData
        for p in 0..<planes {
            for y in 0..<oh {
                for xx in 0..<ow {
                    let k = (p * oh + y) * ow + xx, at = Int(winners[k])
                    gx[p * h * w + (2 * y + at / 2) * w + 2 * xx + at % 2] += grad.data[k]
                }
            }
        }
    }
}
