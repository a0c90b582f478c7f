// KetupekCoreTests
