// KetupekTestSupport
