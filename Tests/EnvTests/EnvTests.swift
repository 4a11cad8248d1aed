import Testing
@testable import Env
