import Foundation

/// `--set section.key=value` and `--config file.json` on a `TrainerConfig`.
///
/// The config goes through its JSON form: the dotted path must name a field that exists, and
/// the value is read as that field's JSON type (number, bool, string, array), so a typo or a
/// value of the wrong kind is an error naming the key instead of a silently ignored setting.
public enum ConfigOverrides {
    /// `config` with each `key=value` applied in order.
    public static func apply(_ assignments: [String], to config: TrainerConfig) throws -> TrainerConfig {
        var tree = try jsonObject(config)
        var given: [String: String] = [:]
        for assignment in assignments {
            guard let equals = assignment.firstIndex(of: "=") else { throw AgentError.invalidOverride(assignment) }
            let key = String(assignment[..<equals]).trimmingCharacters(in: .whitespaces)
            let value = String(assignment[assignment.index(after: equals)...])
            let path = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard !key.isEmpty, !path.contains("") else { throw AgentError.invalidOverride(assignment) }
            tree = try set(path[...], in: tree, fullKey: key, value: value)
            given[key] = value
            // Decoded after each assignment, so a value of the wrong type (1.5 for a count) is
            // reported against its own key, whatever the decoder makes of it.
            do { _ = try JSONDecoder().decode(TrainerConfig.self, from: JSONSerialization.data(withJSONObject: tree)) } catch {
                let current = path.reduce(try jsonObject(config) as Any?) { ($0 as? [String: Any])?[$1] }
                let hint = (current as? NSNumber).map { "\($0)" }.map { $0.contains(".") || $0.contains("e") ? "expected a number"
                    : "expected a whole number such as \($0)" } ?? "expected a value like \(current.map { "\($0)" } ?? "the preset's")"
                throw AgentError.invalidConfigValue(key: key, value: value, reason: hint)
            }
        }
        return try decode(tree) { given[$0] ?? assignments.joined(separator: " ") }
    }

    /// A config read from JSON; keys it does not know are errors, keys it omits keep `base`'s values.
    public static func load(contentsOf url: URL, over base: TrainerConfig) throws -> TrainerConfig {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw AgentError.unreadableConfig(path: url.path, reason: error.localizedDescription)
        }
        return try load(data: data, url: url, over: base)
    }

    /// A config from the bytes of a JSON file at `url` (named in errors).
    static func load(data: Data, url: URL, over base: TrainerConfig) throws -> TrainerConfig {
        guard let given = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw AgentError.unreadableConfig(path: url.path, reason: "not a JSON object")
        }
        let merged = try merge(given, into: jsonObject(base), prefix: "")
        return try decode(merged) { key in
            let value = key.split(separator: ".").reduce(given as Any?) { ($0 as? [String: Any])?[String($1)] }
            return value.map { "\($0)" + " (in \(url.path))" } ?? url.path
        }
    }

    /// The config as sorted, indented JSON (the run directory's config.json).
    public static func encode(_ config: TrainerConfig) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(config)
    }

    // MARK: - JSON tree editing

    private static func jsonObject(_ config: TrainerConfig) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: encode(config)) as! [String: Any]
    }

    /// The config `tree` describes; a value of the wrong type is an error naming its key and
    /// the value given there (`value(key)`), worded for people rather than as a decoder's dump.
    private static func decode(_ tree: [String: Any], value: (String) -> String) throws -> TrainerConfig {
        let data = try JSONSerialization.data(withJSONObject: tree)
        do {
            return try JSONDecoder().decode(TrainerConfig.self, from: data)
        } catch let error as DecodingError {
            switch error {
            case let .dataCorrupted(context), let .typeMismatch(_, context), let .valueNotFound(_, context),
                 let .keyNotFound(_, context):
                let key = context.codingPath.map(\.stringValue).joined(separator: ".")
                throw AgentError.invalidConfigValue(key: key, value: value(key), reason: reason(context.debugDescription))
            @unknown default:
                throw AgentError.invalidConfigValue(key: "?", value: value(""), reason: "\(error)")
            }
        }
    }

    /// Foundation's "Parsed JSON number <1.5> does not fit in UInt64." as the rule it breaks.
    private static func reason(_ description: String) -> String {
        if description.contains("does not fit in") {
            let type = description.split(separator: " ").last.map { String($0.dropLast(1)) } ?? ""
            switch type {
            case "UInt64": return "expected a whole number >= 0"
            case "Int", "Int64", "Int32": return "expected a whole number"
            case "Float", "Double": return "expected a number within Float range"
            default: return "out of range for \(type)"
            }
        }
        if description.contains("Cannot initialize") { return "not one of the allowed values (\(description))" }
        return description
    }

    private static func set(_ path: ArraySlice<String>, in node: [String: Any], fullKey: String,
                            value: String) throws -> [String: Any] {
        let head = path.first!
        guard let current = node[head] else {
            throw AgentError.unknownConfigKey(key: fullKey, known: node.keys.sorted())
        }
        var result = node
        if path.count == 1 {
            guard !(current is [String: Any]) else {
                throw AgentError.invalidConfigValue(key: fullKey, value: value, reason: "this is a section; set one of its keys: "
                    + (current as! [String: Any]).keys.sorted().joined(separator: ", "))
            }
            result[head] = try parse(value, like: current, key: fullKey)
        } else {
            guard let child = current as? [String: Any] else {
                throw AgentError.unknownConfigKey(key: fullKey, known: [])
            }
            result[head] = try set(path.dropFirst(), in: child, fullKey: fullKey, value: value)
        }
        return result
    }

    /// `text` read as the JSON type of `existing`.
    private static func parse(_ text: String, like existing: Any, key: String) throws -> Any {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let number = existing as? NSNumber {
            if String(cString: number.objCType) == "c" {  // how Foundation marks JSON booleans
                switch trimmed.lowercased() {
                case "true", "1", "yes": return true
                case "false", "0", "no": return false
                default: throw AgentError.invalidConfigValue(key: key, value: text, reason: "expected true or false")
                }
            }
            if let integer = Int(trimmed) { return integer }
            if let step = try? StepCount(parsing: trimmed) { return step.value }
            guard let double = Double(trimmed), double.isFinite else {
                throw AgentError.invalidConfigValue(key: key, value: text, reason: "expected a number")
            }
            return double
        }
        if existing is String { return trimmed }
        // Arrays: a JSON literal such as [1,1,2].
        guard let data = trimmed.data(using: .utf8),
              let parsed = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
              type(of: parsed) != type(of: NSNull()) else {
            throw AgentError.invalidConfigValue(key: key, value: text, reason: "expected a JSON value such as [1, 2]")
        }
        return parsed
    }

    private static func merge(_ given: [String: Any], into base: [String: Any], prefix: String) throws -> [String: Any] {
        var result = base
        for (key, value) in given {
            let fullKey = prefix.isEmpty ? key : prefix + "." + key
            guard let current = base[key] else { throw AgentError.unknownConfigKey(key: fullKey, known: base.keys.sorted()) }
            if let section = current as? [String: Any] {
                guard let subsection = value as? [String: Any] else {
                    throw AgentError.invalidConfigValue(key: fullKey, value: "\(value)", reason: "expected a section (JSON object)")
                }
                result[key] = try merge(subsection, into: section, prefix: fullKey)
            } else {
                result[key] = value
            }
        }
        return result
    }
}
