// KetupekApp
