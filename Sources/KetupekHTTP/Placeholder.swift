// KetupekHTTP
