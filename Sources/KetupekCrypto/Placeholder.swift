// KetupekCrypto
