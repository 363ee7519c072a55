using System.Reflection;

namespace AsaEmu.Dataplane.Tests;

/// <summary>Dependencies point one way: ConfigModel &lt;- Crypto &lt;- Dataplane &lt;- Shell.</summary>
public class DependencyTests
{
    [Fact]
    public void Dataplane_only_references_the_libraries_below_it()
    {
        var references = typeof(AsaEmu.Dataplane.DataplaneAssembly).Assembly.GetReferencedAssemblies()
            .Select(a => a.Name!).Where(n => n.StartsWith("AsaEmu.", StringComparison.Ordinal)).ToList();

        Assert.DoesNotContain("AsaEmu.Shell", references);
        Assert.DoesNotContain("asaemu", references);

    }
}
