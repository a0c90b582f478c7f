import KetupekTelemetry

typealias KetupekTelemetryLogger = Logger
