// KetupekStoreTests
