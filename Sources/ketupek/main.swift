import KetupekApp
