import Foundation
import Synchronization
import BulletinCore

/// Progress of a batch: on a terminal a bar with count, rate and ETA redrawn in place; otherwise one
/// plain line per issue, for logs.
final class ProgressReporter: Sendable {
    let total: Int
    let interactive: Bool
    private let start = DispatchTime.now().uptimeNanoseconds
    private let done = Guarded<Int>(0)

    init(total: Int, interactive: Bool = isatty(STDOUT_FILENO) != 0) {
        self.total = total
        self.interactive = interactive
    }

    var seconds: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

    /// Records one finished issue; `line` is its log line, `important` lines show on a terminal too.
    func finished(_ line: String, important: Bool) {
        done.withLock { done in
            done += 1
            if interactive {
                if important { write("\r\u{1B}[K" + line + "\n") }
                drawBar(done)
            } else {
                write(line + "\n")
            }
        }
    }

    func clear() {
        done.withLock { _ in if interactive { write("\r\u{1B}[K") } }
    }

    private func drawBar(_ done: Int) {
        let width = 30
        let filled = total == 0 ? width : width * done / total
        let rate = seconds > 0 ? Double(done) / seconds : 0
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        write(String(format: "\r\u{1B}[K%@ %d/%d  %.1f issues/s  ETA %d:%02d", bar, done, total, rate, Int(eta) / 60, Int(eta) % 60))
    }

    private func write(_ s: String) {
        FileHandle.standardOutput.write(Data(s.utf8))
    }
}
