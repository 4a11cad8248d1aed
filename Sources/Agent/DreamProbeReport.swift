import Tensor

/// Real and dreamed returns of plans from the same starts (`DreamProbe`), and the measures of
/// their agreement.
public struct DreamProbeReport: Equatable {
    public let plans: [DreamProbe.Plan]
    /// Real return of each start and plan, [starts * plans], start-major.
    public let real: [Float]
    /// Mean dreamed return of the same, [starts * plans].
    public let dream: [Float]

    /// Start states drawn from random play to find these (more than `startCount` when only
    /// decisive ones were kept).
    public let candidates: Int

    public init(plans: [DreamProbe.Plan], real: [Float], dream: [Float], candidates: Int? = nil) {
        require(!plans.isEmpty && real.count == dream.count && real.count % plans.count == 0,
                     "one return per start and plan")
        self.plans = plans
        self.real = real
        self.dream = dream
        self.candidates = candidates ?? real.count / plans.count
    }

    private var planCount: Int { plans.count }
    public var startCount: Int { real.count / planCount }

    private func row(_ values: [Float], _ start: Int) -> ArraySlice<Float> {
        values[start * planCount..<(start + 1) * planCount]
    }

    /// Mean return of each plan over all starts.
    public func meanByPlan(_ values: [Float]) -> [Float] {
        (0..<planCount).map { plan in
            stride(from: plan, to: values.count, by: planCount).reduce(0) { $0 + values[$1] } / Float(startCount)
        }
    }

    /// Starts whose real returns differ between plans.
    public var decisiveStarts: [Int] {
        (0..<startCount).filter { row(real, $0).max()! > row(real, $0).min()! }
    }

    /// On decisive starts, the share of the dream's best plans (ties shared) that are real best
    /// ones.
    public var agreement: Double? {
        mean(decisiveStarts) { start in
            let real = row(self.real, start), dream = row(self.dream, start)
            let bestReal = real.max()!, bestDream = dream.max()!
            let chosen = dream.indices.filter { dream[$0] == bestDream }
            return Double(chosen.filter { real[$0] == bestReal }.count) / Double(chosen.count)
        }
    }

    /// What `agreement` would be for a dream that cannot tell the plans apart: the share of real
    /// best plans, on decisive starts.
    public var chance: Double? {
        mean(decisiveStarts) { start in
            let real = row(self.real, start)
            return Double(real.filter { $0 == real.max()! }.count) / Double(planCount)
        }
    }

    /// Pearson correlation of dreamed and real returns after removing each start's mean, over
    /// decisive starts: how well the dream tells the plans apart, whatever its overall level.
    public var withinStartCorrelation: Double? {
        var xs: [Double] = [], ys: [Double] = []
        for start in decisiveStarts {
            let real = row(self.real, start), dream = row(self.dream, start)
            let realMean = Double(real.reduce(0, +)) / Double(planCount)
            let dreamMean = Double(dream.reduce(0, +)) / Double(planCount)
            xs += real.map { Double($0) - realMean }
            ys += dream.map { Double($0) - dreamMean }
        }
        let sxy = zip(xs, ys).reduce(0) { $0 + $1.0 * $1.1 }
        let sxx = xs.reduce(0) { $0 + $1 * $1 }, syy = ys.reduce(0) { $0 + $1 * $1 }
        guard sxx > 0, syy > 0 else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }

    private func mean(_ starts: [Int], _ value: (Int) -> Double) -> Double? {
        starts.isEmpty ? nil : starts.reduce(0) { $0 + value($1) } / Double(starts.count)
    }
}
