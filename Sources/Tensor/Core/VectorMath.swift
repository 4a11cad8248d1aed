// Vectorised exp for the softmax kernels: libm's expf costs ~4 ns per element, this ~0.5 ns
// (swift-stack.md, section 3). Cephes-style: exp(x) = 2^n * e^r with |r| <= ln2/2 and a
// degree-5 polynomial for e^r; relative error about 1e-7 over the clamped range.

@inline(__always)
func exp8(_ input: SIMD8<Float>) -> SIMD8<Float> {
    let low = SIMD8<Float>(repeating: -87.33654), high = SIMD8<Float>(repeating: 88.72283)
    var x = input.replacing(with: low, where: input .< low)
    x = x.replacing(with: high, where: x .> high)
    // Adding 1.5 * 2^23 rounds x / ln2 to the nearest integer without a slow conversion.
    let magic = SIMD8<Float>(repeating: 12_582_912)
    let shifted = magic.addingProduct(x, SIMD8(repeating: 1.442695040888963))
    let n = shifted - magic
    let r = x.addingProduct(n, SIMD8(repeating: -0.693359375)).addingProduct(n, SIMD8(repeating: 2.12194440e-4))
    var p = SIMD8<Float>(repeating: 1.9875691500e-4)
    p = SIMD8(repeating: 1.3981999507e-3).addingProduct(p, r)
    p = SIMD8(repeating: 8.3334519073e-3).addingProduct(p, r)
    p = SIMD8(repeating: 4.1665795894e-2).addingProduct(p, r)
    p = SIMD8(repeating: 1.6666665459e-1).addingProduct(p, r)
    p = SIMD8(repeating: 5.0000001201e-1).addingProduct(p, r)
    let e = (r + 1).addingProduct(p, r * r)
    // 2^n through the exponent bits: the integer sits in the low mantissa bits of `shifted`.
    let bits = ((unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000) &+ 127) &<< 23
    return e * unsafeBitCast(bits, to: SIMD8<Float>.self)
}

/// Replaces x[i] by exp(x[i] - shift) for i in 0..<count and returns their sum.
/// Elements past a multiple of 8 go through the same polynomial, padded.
@inline(__always)
func expShiftedSum(_ x: UnsafeMutablePointer<Float>, count: Int, shift: Float) -> Float {
    let raw = UnsafeMutableRawPointer(x)
    let s = SIMD8<Float>(repeating: shift)
    var total = SIMD8<Float>(repeating: 0)
    var i = 0
    while i + 8 <= count {
        let v = exp8(raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self) - s)
        raw.storeBytes(of: v, toByteOffset: i * 4, as: SIMD8<Float>.self)
        total += v
        i += 8
    }
    var sum = total.sum()
    if i < count {
        var tail = SIMD8<Float>(repeating: -.infinity)
        for j in i..<count { tail[j - i] = x[j] }
        let v = exp8(tail - s)
        for j in i..<count { x[j] = v[j - i]; sum += v[j - i] }
    }
    return sum
}

/// Largest of x[0..<count] (-inf when empty).
@inline(__always)
func maximum(_ x: UnsafePointer<Float>, count: Int) -> Float {
    let raw = UnsafeRawPointer(x)
    var best = SIMD8<Float>(repeating: -.infinity)
    var i = 0
    while i + 8 <= count {
        let v = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
        best = best.replacing(with: v, where: v .> best)
        i += 8
    }
    var m = -Float.infinity
    for lane in 0..<8 where best[lane] > m { m = best[lane] }
    while i < count { if x[i] > m { m = x[i] }; i += 1 }
    return m
}

/// erf(x) as a rational function of x^2 on [-4, 4] (where erf saturates to +-1 in Float32),
/// with absolute error below 4e-7 (checked against libm over [-7, 7]); libm's erff does not
/// vectorise. The minimax coefficients are those Eigen and XLA use for Float32.
@inline(__always)
func erf8(_ input: SIMD8<Float>) -> SIMD8<Float> {
    let bound = SIMD8<Float>(repeating: 4)
    var x = input.replacing(with: -bound, where: input .< -bound)
    x = x.replacing(with: bound, where: x .> bound)
    let x2 = x * x
    var p = SIMD8<Float>(repeating: -2.72614225801306e-10)
    p = SIMD8(repeating: 2.77068142495902e-08).addingProduct(p, x2)
    p = SIMD8(repeating: -2.10102402082508e-06).addingProduct(p, x2)
    p = SIMD8(repeating: -5.69250639462346e-05).addingProduct(p, x2)
    p = SIMD8(repeating: -7.34990630326855e-04).addingProduct(p, x2)
    p = SIMD8(repeating: -2.95459980854025e-03).addingProduct(p, x2)
    p = SIMD8(repeating: -1.60960333262415e-02).addingProduct(p, x2)
    var q = SIMD8<Float>(repeating: -1.45660718464996e-05)
    q = SIMD8(repeating: -2.13374055278905e-04).addingProduct(q, x2)
    q = SIMD8(repeating: -1.68282697438203e-03).addingProduct(q, x2)
    q = SIMD8(repeating: -7.37332916720468e-03).addingProduct(q, x2)
    q = SIMD8(repeating: -1.42647390514189e-02).addingProduct(q, x2)
    return x * p / q
}

/// y[i] = f(x[i]) eight lanes at a time; the tail runs through `f` padded with zeros.
@inline(__always)
func map8(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int,
          _ f: (SIMD8<Float>) -> SIMD8<Float>) {
    let source = UnsafeRawPointer(x), destination = UnsafeMutableRawPointer(y)
    var i = 0
    while i + 8 <= count {
        destination.storeBytes(of: f(source.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)),
                               toByteOffset: i * 4, as: SIMD8<Float>.self)
        i += 8
    }
    if i < count {
        var tail = SIMD8<Float>(repeating: 0)
        for j in i..<count { tail[j - i] = x[j] }
        let v = f(tail)
        for j in i..<count { y[j] = v[j - i] }
    }
}

/// y[i] = f(x[i], z[i]) eight lanes at a time, as `map8`.
@inline(__always)
func map8(_ x: UnsafePointer<Float>, _ z: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int,
          _ f: (SIMD8<Float>, SIMD8<Float>) -> SIMD8<Float>) {
    let a = UnsafeRawPointer(x), b = UnsafeRawPointer(z), destination = UnsafeMutableRawPointer(y)
    var i = 0
    while i + 8 <= count {
        let v = f(a.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self),
                  b.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self))
        destination.storeBytes(of: v, toByteOffset: i * 4, as: SIMD8<Float>.self)
        i += 8
    }
    if i < count {
        var t1 = SIMD8<Float>(repeating: 0), t2 = t1
        for j in i..<count { t1[j - i] = x[j]; t2[j - i] = z[j] }
        let v = f(t1, t2)
        for j in i..<count { y[j] = v[j - i] }
    }
}
