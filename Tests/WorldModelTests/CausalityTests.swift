import Testing
import Tensor
@testable import WorldModel

@Suite("Causality")
struct CausalityTests {
    /// Changing the token at position p leaves every head output at positions < p unchanged
    /// and changes some output at p or later.
    @Test(arguments: [1, 4, 7, 12])
    func laterTokensDoNotChangeEarlierLogits(changed p: Int) {
        var rng = RandomGenerator(seed: 11)
        let model = WorldModel(config: smallConfig, actionCount: 3, using: &rng)
        model.eval()
        let length = smallConfig.maxTokens
        var tokens = randomTokens(model, batch: 1, length: length, seed: 12)
        let before = withoutGrad { model.forward(tokens: tokens, batch: 1, using: &rng) }
        let bound = model.isAction(p) ? model.actionCount : smallConfig.vocabularySize
        tokens[p] = (tokens[p] + 1) % bound
        let after = withoutGrad { model.forward(tokens: tokens, batch: 1, using: &rng) }

        // Head rows whose position comes before p.
        let observed = (0..<length).filter { model.predictsObservation($0) }
        let actions = (0..<length).filter { model.isAction($0) }
        let earlyObservations = observed.filter { $0 < p }.count, earlyActions = actions.filter { $0 < p }.count
        #expect(rows(after.observations, 0..<earlyObservations) == rows(before.observations, 0..<earlyObservations))
        #expect(rows(after.rewards, 0..<earlyActions) == rows(before.rewards, 0..<earlyActions))
        #expect(rows(after.ends, 0..<earlyActions) == rows(before.ends, 0..<earlyActions))
        #expect(after.observations.values != before.observations.values, "the change reaches later positions")
    }
}
