/// Why a `TokenizerConfig` cannot build or train a tokenizer.
public enum TokenizerConfigError: Error, Equatable, CustomStringConvertible {
    /// LPIPS needs pretrained VGG16 weights, which cannot be downloaded here.
    case perceptualLossUnavailable(weight: Float)
    /// A level's channel count is not a positive multiple of `normGroups` (IRIS: 32).
    case channelsNotDivisibleByGroups(level: Int, channels: Int, groups: Int)
    /// The resolution is not a power of two that `levels - 1` halvings leave at least 1.
    case resolution(Int, levels: Int)
    /// An attention resolution that no level runs at (a typo would silently drop attention).
    case attentionResolution(Int, levelResolutions: [Int])
    /// A size or rate that must be positive (or a probability outside its range).
    case outOfRange(field: String, value: String, expected: String)

    public var description: String {
        switch self {
        case .perceptualLossUnavailable(let weight):
            "perceptualWeight is \(weight), but the LPIPS perceptual loss is not implemented (it needs pretrained VGG16 weights, which cannot be downloaded here); set it to 0"
        case .channelsNotDivisibleByGroups(let level, let channels, let groups):
            "level \(level) has \(channels) channels, not a positive multiple of the \(groups) GroupNorm groups"
        case .resolution(let resolution, let levels):
            "resolution \(resolution) is not a power of two of at least 2^\(levels - 1) (\(levels) levels halve it \(levels - 1) times)"
        case .attentionResolution(let r, let available):
            "attention resolution \(r) matches no level (levels run at \(available))"
        case .outOfRange(let field, let value, let expected):
            "\(field) is \(value), expected \(expected)"
        }
    }
}

extension TokenizerConfig {
    /// Resolution of each level, highest first (IRIS: 64, 32, 16, 8, 4).
    public var levelResolutions: [Int] { (0..<levels).map { resolution >> $0 } }

    /// Throws the first reason this configuration cannot build or train a tokenizer.
    public func validate() throws {
        func positive(_ name: String, _ value: Int) throws {
            if value < 1 { throw TokenizerConfigError.outOfRange(field: name, value: "\(value)", expected: "at least 1") }
        }
        func positive(_ name: String, _ value: Float) throws {
            if !(value > 0 && value.isFinite) { throw TokenizerConfigError.outOfRange(field: name, value: "\(value)", expected: "a positive number") }
        }
        if perceptualWeight != 0 { throw TokenizerConfigError.perceptualLossUnavailable(weight: perceptualWeight) }
        try positive("vocabularySize", vocabularySize)
        try positive("embeddingWidth", embeddingWidth)
        try positive("inChannels", inChannels)
        try positive("outChannels", outChannels)
        try positive("zChannels", zChannels)
        try positive("residualBlocks", residualBlocks)
        try positive("batchSize", batchSize)
        try positive("normGroups", normGroups)
        try positive("levels (channelMultipliers.count)", levels)
        try positive("learningRate", learningRate)
        try positive("maxGradNorm", maxGradNorm)
        if !(commitmentWeight >= 0 && commitmentWeight.isFinite) {
            throw TokenizerConfigError.outOfRange(field: "commitmentWeight", value: "\(commitmentWeight)", expected: "a finite number >= 0")
        }
        for (name, weight) in [("reconstructionL1Weight", reconstructionL1Weight), ("reconstructionL2Weight", reconstructionL2Weight)]
        where !(weight >= 0 && weight.isFinite) {
            throw TokenizerConfigError.outOfRange(field: name, value: "\(weight)", expected: "a finite number >= 0")
        }
        if !(foregroundWeight >= 0 && foregroundWeight.isFinite) {
            throw TokenizerConfigError.outOfRange(field: "foregroundWeight", value: "\(foregroundWeight)", expected: "a finite number >= 0")
        }
        if codeRevivalSteps < 0 {
            throw TokenizerConfigError.outOfRange(field: "codeRevivalSteps", value: "\(codeRevivalSteps)", expected: "at least 0 (0 = never)")
        }
        if !finiteScalarLevels.isEmpty {
            let levels = finiteScalarLevels
            if levels.contains(where: { $0 < 2 }) || levels.reduce(1, *) != vocabularySize || levels.count != embeddingWidth {
                throw TokenizerConfigError.outOfRange(field: "finiteScalarLevels", value: "\(levels)",
                                                      expected: "levels of at least 2, \(embeddingWidth) of them (embeddingWidth), multiplying to \(vocabularySize) (vocabularySize)")
            }
            if codeRevivalSteps != 0 {
                throw TokenizerConfigError.outOfRange(field: "codeRevivalSteps", value: "\(codeRevivalSteps)", expected: "0 with finiteScalarLevels (no learned codes to revive)")
            }
        }
        if reconstructionL1Weight + reconstructionL2Weight == 0 {
            throw TokenizerConfigError.outOfRange(field: "reconstructionL1Weight + reconstructionL2Weight", value: "0", expected: "a positive number (no reconstruction loss)")
        }
        if !(dropout >= 0 && dropout < 1) {
            throw TokenizerConfigError.outOfRange(field: "dropout", value: "\(dropout)", expected: "a probability in [0, 1)")
        }
        for (level, multiplier) in channelMultipliers.enumerated() {
            let c = channels * multiplier
            if c < 1 || c % normGroups != 0 {
                throw TokenizerConfigError.channelsNotDivisibleByGroups(level: level, channels: c, groups: normGroups)
            }
        }
        // conv_in's output (channels * 1) is normalised by the first residual block too.
        if channels % normGroups != 0 {
            throw TokenizerConfigError.channelsNotDivisibleByGroups(level: 0, channels: channels, groups: normGroups)
        }
        let isPowerOfTwo = resolution > 0 && resolution & (resolution - 1) == 0
        if !isPowerOfTwo || latentSize < 1 {
            throw TokenizerConfigError.resolution(resolution, levels: levels)
        }
        for r in attentionResolutions where !levelResolutions.contains(r) {
            throw TokenizerConfigError.attentionResolution(r, levelResolutions: levelResolutions)
        }
    }
}
