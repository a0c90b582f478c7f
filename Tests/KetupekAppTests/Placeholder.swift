// KetupekAppTests
