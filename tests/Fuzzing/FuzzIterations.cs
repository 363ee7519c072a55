namespace AsaEmu.Fuzzing;

/// <summary>
/// How many inputs each fuzz property (a test class named <c>...FuzzTests</c>) tries: a few thousand in
/// the test run, and as many as <c>FUZZ_ITERATIONS</c> says in a run of its own, e.g.
/// <c>FUZZ_ITERATIONS=10000000 dotnet test tests/Crypto.Tests --filter FullyQualifiedName~FuzzTests</c>.
/// <c>ISAKMP_FUZZ_ITERATIONS</c>, the decoder fuzz's first name for it, still counts. This file is
/// compiled into each test project that fuzzes, with the rest of tests/Fuzzing.
/// </summary>
internal static class FuzzIterations
{
    public static long Count(long inTests) =>
        long.TryParse(Environment.GetEnvironmentVariable("FUZZ_ITERATIONS") ?? Environment.GetEnvironmentVariable("ISAKMP_FUZZ_ITERATIONS"), out var n) && n > 0
            ? n
            : inTests;
}
