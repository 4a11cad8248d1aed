import Testing
import Tokenizer

@Suite("Tokenizer configuration")
struct ConfigTests {
    @Test func presetsAreValidAndPaperIsIRIS() throws {
        for (_, config) in TokenizerConfig.presets { try config.validate() }
        let paper = TokenizerConfig.paper
        #expect(paper.tokensPerFrame == 16 && paper.latentSize == 4)
        #expect(paper.channels == 64 && paper.channelMultipliers == [1, 1, 1, 1, 1] && paper.residualBlocks == 2)
        #expect(paper.attentionResolutions == [8, 16] && paper.zChannels == 512 && paper.embeddingWidth == 512)
        #expect(paper.vocabularySize == 512 && paper.learningRate == 1e-4 && paper.batchSize == 256 && paper.maxGradNorm == 10)
        #expect(paper.normGroups == 32 && paper.dropout == 0 && paper.commitmentWeight == 1 && paper.perceptualWeight == 0)
        #expect(TokenizerConfig.cpu.tokensPerFrame == 16 && TokenizerConfig.tiny.tokensPerFrame == 16)
        #expect(TokenizerConfig.preset(named: "cpu") == .cpu && TokenizerConfig.preset(named: "huge") == nil)
    }

    @Test func perceptualLossIsRejected() {
        var c = TokenizerConfig.paper
        c.perceptualWeight = 1
        #expect(throws: TokenizerConfigError.perceptualLossUnavailable(weight: 1)) { try c.validate() }
        #expect("\(TokenizerConfigError.perceptualLossUnavailable(weight: 1))".contains("VGG16"))
    }

    @Test func invalidSizesAreRejected() {
        func error(_ change: (inout TokenizerConfig) -> Void) -> TokenizerConfigError? {
            var c = TokenizerConfig.paper
            change(&c)
            do { try c.validate(); return nil } catch { return error as? TokenizerConfigError }
        }
        #expect(error { $0.channels = 48 } == .channelsNotDivisibleByGroups(level: 0, channels: 48, groups: 32))
        #expect(error { $0.channelMultipliers = [1, 1, 1, 1, 0] } == .channelsNotDivisibleByGroups(level: 4, channels: 0, groups: 32))
        #expect(error { $0.resolution = 48 } == .resolution(48, levels: 5))
        #expect(error { $0.resolution = 8 } == .resolution(8, levels: 5))
        #expect(error { $0.attentionResolutions = [12] } == .attentionResolution(12, levelResolutions: [64, 32, 16, 8, 4]))
        #expect(error { $0.vocabularySize = 0 } == .outOfRange(field: "vocabularySize", value: "0", expected: "at least 1"))
        #expect(error { $0.dropout = 1 } != nil)
        #expect(error { $0.learningRate = 0 } != nil)
        #expect(error { $0.maxGradNorm = -1 } != nil)
        #expect(error { $0.channelMultipliers = [] } != nil)
        #expect(error { $0.commitmentWeight = -1 } != nil)
        #expect(error { $0.reconstructionL1Weight = -1 } == .outOfRange(field: "reconstructionL1Weight", value: "-1.0", expected: "a finite number >= 0"))
        #expect(error { $0.reconstructionL2Weight = .nan } != nil)
        #expect(error { $0.reconstructionL1Weight = 0 } == .outOfRange(field: "reconstructionL1Weight + reconstructionL2Weight", value: "0",
                                                                         expected: "a positive number (no reconstruction loss)"))
        #expect(error { $0.reconstructionL1Weight = 0; $0.reconstructionL2Weight = 1 } == nil)
        #expect(error { $0.foregroundWeight = -2 } != nil)
        #expect(error { $0.codeRevivalSteps = -1 } != nil)
    }
}
