@testable import Agent
import Env
import Tensor
import Testing

@Suite("Dream probe")
struct DreamProbeTests {
    typealias Plan = DreamProbe.Plan

    @Test("plans: NOOP throughout, then each other action held for each duration, capped and deduplicated")
    func plans() {
        let plans = Plan.all(actionCount: 3, durations: [2, 8, 15], horizon: 8)
        #expect(plans == [Plan(action: 0, steps: 8), Plan(action: 1, steps: 2), Plan(action: 1, steps: 8),
                          Plan(action: 2, steps: 2), Plan(action: 2, steps: 8)])
        #expect((0..<4).map(Plan(action: 2, steps: 2).action(at:)) == [2, 2, 0, 0])
    }

    @Test("measures: decisive starts, agreement against chance, ties shared")
    func measures() {
        let plans = Plan.all(actionCount: 3, durations: [4], horizon: 4)
        let report = DreamProbeReport(plans: plans,
                                      real: [0, 0, 0, /**/ -1, 0, -1, /**/ 0, 0, -1, /**/ 0, 0, -1],
                                      dream: [0.1, -0.5, 0, /**/ -0.8, -0.1, -0.9, /**/ -0.2, -0.2, 0, /**/ 0.3, 0.3, 0])
        #expect(report.startCount == 4)
        #expect(report.decisiveStarts == [1, 2, 3])
        // Start 1: the dream's best is the real best; start 2: it is the worst; start 3: two
        // tied dream bests, both real best.
        #expect(abs(report.agreement! - 2.0 / 3) < 1e-12)
        #expect(abs(report.chance! - (1.0 / 3 + 2.0 / 3 + 2.0 / 3) / 3) < 1e-12)
        #expect(report.meanByPlan(report.real) == [-0.25, 0, -0.75])
    }

    @Test("within-start correlation ignores each start's level")
    func correlation() throws {
        let plans = Plan.all(actionCount: 3, durations: [4], horizon: 4)
        let real: [Float] = [-1, 0, -1, 0, 1, 0, 0, 0, 0]
        let shifted = DreamProbeReport(plans: plans, real: real, dream: [2, 3, 2, -5, -4, -5, 7, 1, 2])
        #expect(abs(try #require(shifted.withinStartCorrelation) - 1) < 1e-9)
        let opposite = DreamProbeReport(plans: plans, real: real, dream: real.map { -0.5 * $0 })
        #expect(abs(try #require(opposite.withinStartCorrelation) + 1) < 1e-9)
        let flat = DreamProbeReport(plans: plans, real: real, dream: [Float](repeating: 0.25, count: 9))
        #expect(flat.withinStartCorrelation == nil && flat.agreement == 1.0 / 3)
        let undecided = DreamProbeReport(plans: plans, real: [Float](repeating: 0, count: 9), dream: real)
        #expect(undecided.decisiveStarts.isEmpty && undecided.agreement == nil && undecided.chance == nil)
    }

    @Test("a start's actions replayed from its seed lead to its last frame")
    func startsReplay() throws {
        var settings = EnvironmentSettings()
        settings.game = "catch"
        var rng = RandomGenerator(seed: 3)
        let starts = try DreamProbe.starts(settings: settings, count: 6, frames: 3, using: &rng)
        #expect(starts.count == 6)
        let env = try AtariEnv(game: "catch", config: settings.trainConfig)
        let bytes = env.observationByteCount
        for start in starts {
            #expect(start.frames.count == 3 * bytes)
            var observation = env.reset(seed: start.seed)
            for action in start.actions { observation = try env.step(action).observation }
            #expect(Array(start.frames.suffix(bytes)) == observation)
        }
        // Starts lie a random 4-16 steps apart.
        #expect(zip(starts, starts.dropFirst()).allSatisfy { a, b in
            a.seed != b.seed || (4...16).contains(b.actions.count - a.actions.count)
        })
    }

    /// An untrained tiny Catch agent, in evaluation mode, for probing.
    private func catchAgent(seed: UInt64) -> (EnvironmentSettings, IrisAgent) {
        var config = TrainerConfig.tiny
        config.env.game = "catch"
        var rng = RandomGenerator(seed: seed)
        let agent = IrisAgent(config: config, actionCount: 3, using: &rng)
        for module in agent.modules { module.eval() }
        return (config.env, agent)
    }

    @Test("catch: holding LEFT or RIGHT decides some starts; the same seed gives the same report")
    func runIsDeterministic() throws {
        let (environment, agent) = catchAgent(seed: 4)
        var settings = DreamProbe.Settings()
        settings.starts = 12
        settings.samples = 2
        settings.horizon = 12
        settings.contextFrames = 2
        settings.batch = 20
        func probe() throws -> DreamProbeReport {
            let dream = WorldModelEnv(worldModel: agent.worldModel, view: agent.view, contextFrames: 2)
            return try DreamProbe.run(dream: dream, environment: environment, settings: settings)
        }
        let report = try probe()
        #expect(report.plans.count == 1 + 2 * 4)
        #expect(report.real.count == 12 * 9 && report.dream.count == 12 * 9)
        #expect(report.real.allSatisfy { (-1...1).contains($0) })
        #expect(report.dream.allSatisfy { (-12...12).contains($0) })
        #expect(!report.decisiveStarts.isEmpty)
        #expect(try probe() == report)
    }

    @Test("catch: --decisive keeps only decisive starts, and says so when random play yields too few")
    func decisiveOnly() throws {
        let (environment, agent) = catchAgent(seed: 5)
        var settings = DreamProbe.Settings()
        settings.starts = 6
        settings.samples = 1
        settings.horizon = 3  // a ball falls for about 13 steps: most 3-step starts are not decisive
        settings.contextFrames = 1
        settings.decisiveOnly = true
        let dream = WorldModelEnv(worldModel: agent.worldModel, view: agent.view, contextFrames: 1)
        let report = try DreamProbe.run(dream: dream, environment: environment, settings: settings)
        #expect(report.startCount == 6)
        #expect(report.decisiveStarts == Array(0..<6))
        #expect(report.candidates > 6)
        // One candidate per wanted start is not enough when most are not decisive.
        settings.candidatesPerStart = 1
        #expect(throws: DreamProbeError.self) {
            try DreamProbe.run(dream: dream, environment: environment, settings: settings)
        }
    }
}
