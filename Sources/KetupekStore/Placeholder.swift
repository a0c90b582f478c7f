// KetupekStore
