using System.CommandLine;
using AsaEmu.Shell.Hosting;

namespace AsaEmu.Shell.Tests;

public class CommandLineTests
{
    private static (int Exit, RunOptions? Options, string Error) Run(params string[] args)
    {
        RunOptions? seen = null;
        var root = AsaEmuCommandLine.Create((options, _, _) => { seen = options; return Task.FromResult(0); });
        var error = new StringWriter();
        var exit = root.Parse(args).Invoke(new InvocationConfiguration { Output = new StringWriter(), Error = error });
        return (exit, seen, error.ToString());
    }

    [Fact]
    public void Defaults_listen_for_ssh_on_loopback_2222_with_the_console_and_no_telnet()
    {
        var (exit, options, _) = Run();

        Assert.Equal(0, exit);
        Assert.Equal(new RunOptions(null, "./asaemu-data", RunOptions.DefaultSsh, null, false), options);
    }

    [Fact]
    public void All_options_are_read()
    {
        var (_, options, _) = Run("--config", "a.cfg", "--data-dir", "/tmp/x", "--ssh", "none", "--telnet", "[::1]:2323", "--no-console");

        Assert.Equal("a.cfg", options!.ConfigFile);
        Assert.Equal("/tmp/x", options.DataDirectory);
        Assert.Null(options.Ssh);
        Assert.Equal("[::1]:2323", options.Telnet!.ToString());
        Assert.True(options.NoConsole);
    }

    [Theory]
    [InlineData("1.2.3")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:70000")]
    [InlineData("localhost:22")]
    public void A_listen_address_that_is_not_addr_port_is_refused(string value)
    {
        var (exit, options, error) = Run("--ssh", value);

        Assert.NotEqual(0, exit);
        Assert.Null(options);
        Assert.Contains($"'{value}' is not ADDR:PORT", error);
    }
}
