/// The 64-bit FNV-1a hash of a byte sequence: stable across runs, machines and Swift versions
/// (unlike `Hasher`), so golden frame hashes can be written into tests as hex literals.
public func fnv1a64<Bytes: Sequence>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
        hash ^= UInt64(byte)
        hash &*= 0x0000_0100_0000_01B3
    }
    return hash
}
