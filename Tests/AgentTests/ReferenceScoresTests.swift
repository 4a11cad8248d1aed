import Agent
import Testing

/// Human-normalised scores find the Atari 100k references under every spelling of a game.
@Suite struct ReferenceScoresTests {
    @Test func theTwentySixGamesOfAtari100kHaveReferences() {
        #expect(ReferenceScores.table.count == 26)
        #expect(ReferenceScores.table.values.allSatisfy { $0.human > $0.random })
    }

    @Test func realAndBuiltInGamesShareTheirReferences() throws {
        let pong = try #require(ReferenceScores.reference(for: "pong"))
        #expect(pong == (-20.7, 14.6))
        #expect(ReferenceScores.reference(for: "ale:pong")! == pong)
        #expect(ReferenceScores.reference(for: "ALE:Pong")! == pong)
        #expect(ReferenceScores.reference(for: "MsPacman")! == (307.3, 6951.6))
        #expect(ReferenceScores.reference(for: "ale:ms_pacman")! == (307.3, 6951.6))
        #expect(ReferenceScores.reference(for: "ale:kung_fu_master")! == (258.5, 22736.3))
        #expect(ReferenceScores.reference(for: "catch") == nil)
        #expect(ReferenceScores.reference(for: "ale:tennis") == nil)
    }

    @Test func normalisationAnchorsRandomAtZeroAndHumanAtOne() {
        #expect(ReferenceScores.humanNormalized(-20.7, game: "ale:pong") == 0)
        #expect(ReferenceScores.humanNormalized(14.6, game: "pong") == 1)
        #expect(abs(ReferenceScores.humanNormalized(83.7, game: "ale:breakout")! - (83.7 - 1.7) / (30.5 - 1.7)) < 1e-12)
        #expect(ReferenceScores.humanNormalized(10, game: "catch") == nil)
    }
}
