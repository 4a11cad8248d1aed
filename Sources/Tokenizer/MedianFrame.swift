/// The per-value median over `frames` equal-sized frames stored one after another: for game
/// frames, the static background (field, walls) without the moving objects.
func medianFrame(_ values: [Float], frames: Int) -> [Float] {
    let size = values.count / frames
    var column = [Float](repeating: 0, count: frames)
    var median = [Float](repeating: 0, count: size)
    for p in 0..<size {
        for i in 0..<frames { column[i] = values[i * size + p] }
        column.sort()
        median[p] = column[frames / 2]
    }
    return median
}
