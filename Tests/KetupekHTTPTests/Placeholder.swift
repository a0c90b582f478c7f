// KetupekHTTPTests
