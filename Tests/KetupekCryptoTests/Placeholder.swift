// KetupekCryptoTests
