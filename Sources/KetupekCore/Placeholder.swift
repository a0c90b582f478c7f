// KetupekCore
