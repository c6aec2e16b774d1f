import Foundation

/// One `bulletin worker` child process, talked to in JSON lines over pipes.
final class WorkerProcess {
    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var buffer = Data()

    init(executable: String) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["worker"]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    /// Sends a job and waits for its answer; nil when the worker died on it.
    func run(_ job: WorkerJob) -> WorkerResult? {
        guard let data = try? JSONEncoder().encode(job) else { return nil }
        do {
            try input.fileHandleForWriting.write(contentsOf: data + Data("\n".utf8))
        } catch {
            return nil
        }
        guard let line = readLine() else { return nil }
        return try? JSONDecoder().decode(WorkerResult.self, from: line)
    }

    private func readLine() -> Data? {
        let fd = output.fileHandleForReading.fileDescriptor
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            if let nl = buffer.firstIndex(of: 0x0A) {
                let line = buffer[buffer.startIndex..<nl]
                buffer = Data(buffer[(nl + 1)...])
                return Data(line)
            }
            let n = read(fd, &chunk, chunk.count)
            if n <= 0 { return nil }
            buffer.append(contentsOf: chunk[0..<n])
        }
    }

    /// Closes the worker's input so it exits after its current job, and waits for it.
    func finish() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    func kill() {
        if process.isRunning { Foundation.kill(pid, SIGKILL) }
        process.waitUntilExit()
    }

    /// Why the process ended, for the failed job's diagnostic.
    var exitDescription: String {
        process.waitUntilExit()
        if process.terminationReason == .uncaughtSignal { return "worker crashed (signal \(process.terminationStatus))" }
        return "worker exited with status \(process.terminationStatus)"
    }
}
