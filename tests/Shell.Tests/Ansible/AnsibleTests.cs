using System.Diagnostics;
using System.Globalization;
using AsaEmu.ConfigModel.Rendering;

namespace AsaEmu.Shell.Tests.Ansible;

/// <summary>
/// Runs only where Debian's <c>ansible</c> package (with the cisco.asa collection) is installed; in CI
/// (<c>CI=true</c>) it runs anyway and fails without it, as every prerequisite must be there.
/// </summary>
public sealed class AnsibleFactAttribute : FactAttribute
{
    public const string Playbook = "/usr/bin/ansible-playbook";
    public const string Collection = "/usr/lib/python3/dist-packages/ansible_collections/cisco/asa";

    public static bool Installed => File.Exists(Playbook) && Directory.Exists(Collection);

    public AnsibleFactAttribute()
    {
        if (!Installed && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = "needs Ansible with the cisco.asa collection: apt-get install ansible";
    }
}

/// <summary>
/// Ansible's cisco.asa collection against the real asaemu process over SSH on loopback
/// (<c>ansible.netcommon.network_cli</c>, become with <c>enable</c>): the playbook beside this file
/// asserts each module's result (facts, commands, every command of the 9.x persona through asa_command,
/// config with parents and idempotence, acls and ogs in merged/replaced/deleted/gathered states, save with
/// matching checksums).
/// </summary>
public sealed class AnsibleTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("asaemu-ansible-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [AnsibleFact]
    public async Task The_cisco_asa_collection_manages_asaemu()
    {
        Assert.True(AnsibleFactAttribute.Installed, $"Ansible is missing ({AnsibleFactAttribute.Playbook}, {AnsibleFactAttribute.Collection}): apt-get install ansible");
        // The built-in config with an enable password: Ansible's enable answers a password prompt only when it has one.
        var config = Path.Combine(_dir, "startup-config");
        await File.WriteAllTextAsync(config, DefaultConfig.DefaultStartupConfig.Text.Replace(": end\n", "", StringComparison.Ordinal) +
            "enable password enablepw\nroute outside 0.0.0.0 0.0.0.0 203.0.113.254 1\n");
        var asaemu = AsaEmuProcess.Start("--no-console", "--ssh", "127.0.0.1:0", "--data-dir", Path.Combine(_dir, "data"), "--config", config);
        try
        {
            var port = (await new DaemonLog(asaemu).ListeningAsync("ssh")).Port;
            var inventory = Path.Combine(_dir, "inventory.ini");
            await File.WriteAllTextAsync(inventory, $"""
                [asa]
                asaemu ansible_host=127.0.0.1 ansible_port={port.ToString(CultureInfo.InvariantCulture)}

                [asa:vars]
                ansible_connection=ansible.netcommon.network_cli
                ansible_network_os=cisco.asa.asa
                ansible_user=admin
                ansible_password=admin
                ansible_become=true
                ansible_become_method=ansible.netcommon.enable
                ansible_become_password=enablepw

                """);

            var (code, output) = await RunPlaybook(inventory);
            Assert.True(code == 0, output);
            Assert.Matches(@"asaemu\s+: ok=\d+\s+changed=\d+\s+unreachable=0\s+failed=0", output);
        }
        finally
        {
            AsaEmuProcess.Stop(asaemu);
        }
    }

    private async Task<(int Code, string Output)> RunPlaybook(string inventory)
    {
        var playbook = Path.Combine(AppContext.BaseDirectory, "Ansible", "asa_playbook.yml");
        var start = new ProcessStartInfo(AnsibleFactAttribute.Playbook)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The persona's commands as a variable file: a list does not pass as key=value.
        var commands = Path.Combine(_dir, "persona.json");
        await File.WriteAllTextAsync(commands, System.Text.Json.JsonSerializer.Serialize(
            new Dictionary<string, object> { ["persona_commands"] = PersonaCommands.All.Concat(PersonaCommands.Filtered("[a-z]")).ToList() }));
        foreach (var argument in (string[])["-i", inventory, playbook, "-e", "@" + commands,
            "-e", $"asa_version={AsaPersona.Version}", "-e", $"asa_serial={AsaPersona.SerialNumber}", "-e", $"asa_image={AsaPersona.ImageFile}"])
            start.ArgumentList.Add(argument);
        // Everything Ansible writes stays in the test's directory.
        start.Environment["ANSIBLE_HOST_KEY_CHECKING"] = "False";
        start.Environment["ANSIBLE_NOCOLOR"] = "1";
        start.Environment["ANSIBLE_LOCAL_TEMP"] = Path.Combine(_dir, "tmp");
        start.Environment["ANSIBLE_PERSISTENT_CONTROL_PATH_DIR"] = Path.Combine(_dir, "pc");
        start.Environment["ANSIBLE_SSH_CONTROL_PATH_DIR"] = Path.Combine(_dir, "cp");
        start.Environment["ANSIBLE_PERSISTENT_COMMAND_TIMEOUT"] = "60";
        start.Environment["HOME"] = _dir;
        using var process = Process.Start(start)!;
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        var output = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var error = process.StandardError.ReadToEndAsync(deadline.Token);
        try { await process.WaitForExitAsync(deadline.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw; }
        return (process.ExitCode, await output + await error);
    }
}
