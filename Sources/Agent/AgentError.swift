import Foundation

/// Everything the agent refuses, worded for the person at the command line.
public enum AgentError: Error, Equatable, CustomStringConvertible {
    case invalidStepCount(String)
    case invalidOverride(String)
    case unknownConfigKey(key: String, known: [String])
    case invalidConfigValue(key: String, value: String, reason: String)
    case invalidConfig(String)
    case unreadableConfig(path: String, reason: String)
    case runDirectoryExists(String)
    case notARunDirectory(String)
    case missingCheckpoint(String)
    case corruptCheckpoint(path: String, reason: String)
    case checkpointMismatch(String)
    case diverged(model: String, quantity: String, step: Int, epoch: Int)
    case nonFiniteWeights(path: String, tensor: String)
    case cannotResume(path: String, missing: String)
    case runInUse(String)
    case invalidState(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidStepCount(let text):
            "invalid step count '\(text)': write a positive whole number such as 250000, 100k or 1.5M"
        case .invalidOverride(let text):
            "invalid override '\(text)': write section.key=value, e.g. training.worldModel.stepsPerEpoch=50"
        case .unknownConfigKey(let key, let known):
            "unknown config key '\(key)'" + (known.isEmpty ? "" : "; keys here: \(known.joined(separator: ", "))")
        case .invalidConfigValue(let key, let value, let reason):
            "invalid value '\(value)' for \(key): \(reason)"
        case .invalidConfig(let reason):
            "invalid configuration: \(reason)"
        case .unreadableConfig(let path, let reason):
            "cannot read config \(path): \(reason)"
        case .runDirectoryExists(let path):
            "run directory \(path) already exists: pass --resume \(path) to continue it, or choose another --run-dir"
        case .notARunDirectory(let path):
            "\(path) is not a run directory (no config.json)"
        case .missingCheckpoint(let path):
            "no checkpoint at \(path)"
        case .corruptCheckpoint(let path, let reason):
            "checkpoint \(path) is unreadable: \(reason)"
        case .checkpointMismatch(let reason):
            "checkpoint does not match the configuration: \(reason)"
        case .diverged(let model, let quantity, let step, let epoch):
            "training diverged: the \(model) \(quantity) is not finite at gradient step \(step) of epoch \(epoch). "
                + "The run stopped without saving epoch \(epoch), so its last checkpoint (epoch \(epoch - 1)) is intact; "
                + "lower the learning rate or maxGradNorm and fork it (iris train --fork) or start again"
        case .nonFiniteWeights(let path, let tensor):
            "\(path) holds non-finite values (nan or inf) in '\(tensor)': these weights diverged and cannot act"
        case .cannotResume(let path, let missing):
            "cannot resume \(path): \(missing). Nothing was changed; start a new run in another --run-dir "
                + "(or remove this directory)"
        case .runInUse(let path):
            "run directory \(path) is in use by another iris process (it holds \(path)/.lock); "
                + "wait for it to finish or stop it first"
        case .invalidState(let path, let reason):
            "checkpoint state \(path) is invalid: \(reason)"
        }
    }
}

extension AgentError: LocalizedError {
    public var errorDescription: String? { description }
}
