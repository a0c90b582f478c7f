import Testing
@testable import KetupekArchive
