using System.Reflection;

namespace AsaEmu.Crypto.Tests;

/// <summary>Dependencies point one way: ConfigModel &lt;- Crypto &lt;- Dataplane &lt;- Shell.</summary>
public class DependencyTests
{
    [Fact]
    public void Crypto_only_references_the_libraries_below_it()
    {
        var references = typeof(AsaEmu.Crypto.CryptoAssembly).Assembly.GetReferencedAssemblies()
            .Select(a => a.Name!).Where(n => n.StartsWith("AsaEmu.", StringComparison.Ordinal)).ToList();

        Assert.DoesNotContain("AsaEmu.Shell", references);
        Assert.DoesNotContain("asaemu", references);
        Assert.DoesNotContain("AsaEmu.Dataplane", references);
    }
}
