import CSodium

/// Whether `sodium_init()` succeeded; Swift runs a global's initialiser exactly once, thread-safely.
private let sodiumIsReady: Bool = sodium_init() >= 0

/// Initialises libsodium on first use; every entry point of this module calls it before touching libsodium.
///
/// `sodium_init()` fails only when the process cannot reach a source of entropy. Random tokens and salts would then
/// be unsafe, so this stops the process rather than carrying on.
func ensureSodiumInitialised() {
    guard sodiumIsReady else {
        fatalError("libsodium could not be initialised (sodium_init() failed): no secure source of randomness")
    }
}
