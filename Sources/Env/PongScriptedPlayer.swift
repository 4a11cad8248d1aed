/// A scripted Pong player that reads the game's state and plans its presses: the check that our
/// Pong can be won as ALE's can (IRIS scores 14.6 there), and a ceiling for learned agents.
///
/// When the ball heads for the agent it tries plans "wait w steps, hold up or down for n steps,
/// then stay", each on a copy of the game played forward frame by frame, with FIRE held
/// throughout (a hit with FIRE speeds the ball up), and keeps the plan that wins the point, or
/// else returns the ball steepest. It acts once per agent step of `frameSkip` frames, as an
/// agent does, and knows nothing the frames do not show (no random state exists to peek at).
public struct PongScriptedPlayer: Sendable {
    private var plan: [ALEAction] = []
    private var planned = false
    public let frameSkip: Int

    public init(frameSkip: Int = 4) {
        self.frameSkip = frameSkip
    }

    /// The action to hold for the next `frameSkip` frames.
    public mutating func action(for rules: PongRules) -> ALEAction {
        guard rules.ballInPlay && rules.ballSpeedX > 0 else {
            planned = false
            plan = []
            return Self.center(rules.agentPaddle)
        }
        if !planned {
            planned = true
            plan = makePlan(rules)
        }
        return plan.isEmpty ? .fire : plan.removeFirst()
    }

    /// Between shots, keep the paddle near the middle, where every return is in reach.
    static func center(_ paddle: PongPaddle) -> ALEAction {
        if paddle.position > 130 { return .rightFire }  // RIGHT moves up
        if paddle.position < 90 { return .leftFire }
        return .fire
    }

    private func makePlan(_ rules: PongRules) -> [ALEAction] {
        var best: (score: Int, plan: [ALEAction]) = (Int.min, [])
        for wait in 0..<40 {
            for direction in [ALEAction.rightFire, .leftFire] {
                for hold in 0...9 where hold > 0 || direction == .rightFire {
                    let candidate = [ALEAction](repeating: .fire, count: wait)
                        + [ALEAction](repeating: direction, count: hold)
                    guard let score = outcome(of: candidate, from: rules) else { continue }
                    if score > best.score { best = (score, candidate) }
                }
            }
            if best.score >= 1_000 { break }  // a winning plan that starts soonest
        }
        return best.plan
    }

    /// Plays `candidate` (then FIRE) on a copy of the game until the point ends or the ball comes
    /// back; nil when the agent misses. Winning the point scores highest, then steeper returns.
    private func outcome(of candidate: [ALEAction], from start: PongRules) -> Int? {
        var game = start
        var returned: Int?
        for frame in 0..<1_200 {
            let step = frame / frameSkip
            let reward = game.step(step < candidate.count ? candidate[step] : .fire)
            if reward < 0 { return nil }
            if reward > 0 { return 1_000 - frame }
            if returned == nil && game.ballSpeedX < 0 { returned = abs(game.ballSpeedY) * 10 + abs(game.ballSpeedX) }
            if returned != nil && game.ballSpeedX > 0 { return returned }
        }
        return returned
    }
}
