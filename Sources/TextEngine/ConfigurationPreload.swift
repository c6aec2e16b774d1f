import Foundation
import Synchronization
import CPangoCairo
import BulletinCore

/// fontconfig's configuration and font caches, loaded on a thread of their own from the moment a
/// command that renders starts. Loading them is most of making a font system (3.7 of 5.5 ms here),
/// and the first font system could otherwise only start once the command line was parsed and the
/// outputs checked, 2.5 ms later: the fonts stage waited for it. The first font system made takes
/// this configuration; every later one loads its own.
enum ConfigurationPreload {
    /// 0: not started; 1: loading or loaded; 2: taken.
    private static let state = Atomic<Int>(0)
    private static let loaded = DispatchSemaphore(value: 0)
    private static let configuration = Guarded<OpaquePointer?>(nil)

    static func start() {
        guard state.compareExchange(expected: 0, desired: 1, ordering: .relaxed).exchanged else { return }
        Thread.detachNewThread {
            configuration.withLock { $0 = FcInitLoadConfigAndFonts() }
            loaded.signal()
            // Then ICU's dictionary, done long before layout needs it: loaded beside the layout, it
            // took the core's other half from it (layout stage 11.2 → 10.0 ms). On a worker of
            // Dispatch's pool, which the PDF's fonts then find started.
            WordSegmenter.loadInBackground()
        }
    }

    /// The configuration loaded ahead, waiting for it if it is still loading; nil when none was
    /// started or it was taken already.
    static func take() -> OpaquePointer? {
        guard state.compareExchange(expected: 1, desired: 2, ordering: .relaxed).exchanged else { return nil }
        loaded.wait()
        return configuration.withLock { config in
            let taken = config
            config = nil
            return taken
        }
    }
}

extension FontSystem {
    /// Starts loading fontconfig's configuration for the first font system the process makes (see
    /// `ConfigurationPreload`), then ICU's dictionary: for a command that is about to render, before
    /// it parses its options.
    public static func loadConfigurationAhead() { ConfigurationPreload.start() }
}
