import Foundation
import BulletinCore

/// A deterministic share of a batch, for archives spread over machines: issue K of N takes the
/// issues whose relative output path hashes to K, so every shard agrees without talking to the
/// others. The index may come from the job engine: Kubernetes Indexed Jobs (JOB_COMPLETION_INDEX,
/// from 0) or Slurm job arrays (SLURM_ARRAY_TASK_ID).
public struct Shard: Sendable, Equatable {
    /// From 1.
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) { self.index = index; self.count = count }

    /// "K/N", or "auto/N" with the index from the environment.
    public static func parse(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Shard {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let n = Int(parts[1]), (1...100_000).contains(n) else {
            throw Diagnostic.error("--shard must be K/N (such as 2/8) or auto/N, not '\(text)'")
        }
        if parts[0] == "auto" {
            // Kubernetes counts from 0; a Slurm array may start anywhere, so its ID is taken modulo N.
            for (name, fromZero) in [("JOB_COMPLETION_INDEX", true), ("SLURM_ARRAY_TASK_ID", false)] {
                // Set but empty counts as unset, as for SOURCE_DATE_EPOCH.
                guard let value = environment[name], !value.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
                guard let k = Int(value.trimmingCharacters(in: .whitespaces)), k >= 0 else {
                    throw Diagnostic.error("\(name) is '\(value)', not a whole number from 0")
                }
                if fromZero {
                    guard k < n else { throw Diagnostic.error("JOB_COMPLETION_INDEX is \(k), but the job has \(n) shards (0…\(n - 1))", hint: "give the Job completions: \(n)") }
                    return Shard(index: k + 1, count: n)
                }
                return Shard(index: k % n + 1, count: n)
            }
            throw Diagnostic.error("--shard auto/\(n) needs JOB_COMPLETION_INDEX (Kubernetes Indexed Job) or SLURM_ARRAY_TASK_ID (Slurm array) in the environment")
        }
        guard let k = Int(parts[0]), (1...n).contains(k) else {
            throw Diagnostic.error("--shard \(text): K must be between 1 and \(n)")
        }
        return Shard(index: k, count: n)
    }

    public func takes(_ item: BatchItem) -> Bool {
        var h = ContentHash()
        h.add(Data(item.relativeOutput.utf8))
        return Int(h.value % UInt64(count)) == index - 1
    }

    /// The shard's own name for a file every shard would otherwise share ("report.json" →
    /// "report.shard-2-of-8.json").
    public func own(_ name: String) -> String {
        let ext = PathName.pathExtension(name)
        let base = ext.isEmpty ? name : String(name.dropLast(ext.count + 1))
        return base + ".shard-\(index)-of-\(count)" + (ext.isEmpty ? "" : "." + ext)
    }
}
