using System.Globalization;
using System.Text;
using AsaEmu.ConfigModel.Commands;
using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Syntax;
using AsaEmu.Dataplane.Capture;
using AsaEmu.Shell.Hosting;
using AsaEmu.Shell.Persistence;

namespace AsaEmu.Shell.Cli.Commands;

/// <summary>
/// Packet capture: <c>capture NAME [options]</c> (created or changed), <c>no capture NAME</c>,
/// <c>clear capture NAME</c>, <c>show capture [NAME]</c> and <c>copy /pcap capture:NAME disk0:/FILE</c>.
/// An interface with <c>crypto ikev1 enable</c> captures the IKE and ESP datagrams of its address;
/// any other interface captures the clients' clear packets as they leave or enter the tunnels.
/// Beyond the ASA, the copy writes Wireshark decryption tables for the SAs seen next to the file.
/// </summary>
public sealed class CaptureCommands : IExecArea
{
    private static readonly Dictionary<string, string> Help = new()
    {
        ["capture"] = "Capture inbound and outbound packets on one or more interfaces",
        ["clear"] = "Reset functions",
        ["show"] = "Show running system information",
        ["copy"] = "Copy from one file to another",
        ["/pcap"] = "Copy a capture in pcap format",
        ["/noconfirm"] = "Do not prompt for confirmation",
        ["detail"] = "Display packet details",
    };

    private static readonly Dictionary<string, ArgType> Types = new(CommandSpec.DefaultTypes)
    {
        ["capname"] = ArgType.Word("WORD", "Capture name", 64),
        ["options"] = CaptureOptions.Type,
    };

    public void Register(ExecGrammar g)
    {
        g.Add(ExecScope.PrivilegedAndConfig, "capture <capname:name> [<options:options>]", Set, noPrefix: 2, noHandler: Remove, help: Help, types: Types);
        g.Add(ExecScope.PrivilegedAndConfig, "clear capture <capname:name>", Clear, help: Help, types: Types);
        g.Add(ExecScope.PrivilegedAndConfig, "show capture [<capname:name> [detail]]", Show, help: Help, types: Types);
        g.Add(ExecScope.PrivilegedAndConfig, "copy [/noconfirm] /pcap <word:source> <word:destination>", Copy, help: Help);
    }

    /// <summary>[M] wording of the ASA's error for a capture name it does not know.</summary>
    private static string NoSuchCapture(string name) => $"ERROR: Capture <{name}> does not exist";

    private static Task Set(ExecContext c)
    {
        var name = c.Args.Str("name");
        var options = c.Args.Has("options") ? c.Args.Get<CaptureOptions>("options") : new CaptureOptions([], null, null, null, null, false);
        var config = c.Appliance.Config;
        var hub = c.Appliance.Captures;
        var before = hub.Find(name)?.Settings ?? CaptureSettings.Default;

        var interfaces = before.Interfaces.ToList();
        foreach (var nameIf in options.Interfaces)
        {
            if (config.InterfaceNamed(nameIf) is not { } found)
            {
                c.WriteLine($"ERROR: Interface name \"{nameIf}\" not found"); // [M] wording, as for ssh/mtu
                return Task.CompletedTask;
            }
            if (!interfaces.Exists(i => i.Name == nameIf)) interfaces.Add((nameIf, Point(config, nameIf, found)));
        }

        var acl = options.AccessList ?? before.AccessList;
        var matches = before.Matches.ToList();
        if (options.Match is { } match && MatchText(match) is var text && !matches.Contains(text)) matches.Add(text);
        if (acl is not null && matches.Count > 0)
        {
            c.WriteLine("ERROR: Capture doesn't support access-list and match together"); // [M] wording
            return Task.CompletedTask;
        }
        if (Filter(config, acl, matches) is not { } filter)
        {
            c.WriteLine(AccessListCommands.Find(config, acl!) is null
                ? $"ERROR: access-list <{acl}> does not exist" // [M] wording
                : $"ERROR: Capture doesn't support access-list <{acl}> containing object-groups or IPv6 entries"); // [M] wording
            return Task.CompletedTask;
        }
        hub.Set(name, new CaptureSettings(interfaces, acl, matches, filter,
            options.Buffer ?? before.BufferBytes, options.PacketLength ?? before.PacketLength, options.Circular || before.Circular));
        return Task.CompletedTask;
    }

    /// <summary>The outside (IKE and ESP of the interface's address) for an interface with IKE, else the inside.</summary>
    private static CapturePoint Point(AsaConfig config, string nameIf, Interface found) =>
        config.IsIkeEnabled(nameIf) && found.Ip is { Learned: false } ip ? new CapturePoint.Outside(ip.Address.Value) : new CapturePoint.Inside();

    /// <summary>A match clause as <c>show capture</c> prints it: the entry's words after <c>extended permit</c>.</summary>
    private static string MatchText(ExtendedAce match) => match.Text["extended permit ".Length..];

    /// <summary>The filter of an access-list or of match clauses; null when the list is missing or has what a capture cannot test.</summary>
    private static CaptureFilter? Filter(AsaConfig config, string? acl, IReadOnlyList<string> matches)
    {
        (Ipv4, Ipv4)? Objects(string name) => config.Get<NetworkObject>(name)?.Value?.Ipv4Network;
        if (acl is not null) return CaptureRule.Compile(config, acl) is { } compiled ? new CaptureFilter(compiled, bothDirections: false) : null;
        var rules = new List<CaptureRule>();
        foreach (var text in matches)
            if (AceParser.Parse(text).Value is ExtendedAce ace && CaptureRule.From(ace with { Permit = true }, Objects) is { } rule) rules.Add(rule);
        return rules.Count == 0 ? CaptureFilter.Everything : new CaptureFilter(rules, bothDirections: true);
    }

    /// <summary>
    /// <c>no capture NAME</c> removes the capture; with options, only those parts: <c>interface IF</c>
    /// stops listening there, <c>access-list ACL</c> and <c>match ...</c> drop that filter [M].
    /// </summary>
    private static Task Remove(ExecContext c)
    {
        var name = c.Args.Str("name");
        var hub = c.Appliance.Captures;
        if (hub.Find(name) is not { } capture)
        {
            c.WriteLine(NoSuchCapture(name));
            return Task.CompletedTask;
        }
        if (!c.Args.Has("options"))
        {
            hub.Remove(name);
            return Task.CompletedTask;
        }
        var options = c.Args.Get<CaptureOptions>("options");
        var s = capture.Settings;
        var acl = options.AccessList is not null && options.AccessList == s.AccessList ? null : s.AccessList;
        var matches = options.Match is { } match ? s.Matches.Where(m => m != MatchText(match)).ToList() : [.. s.Matches];
        var filter = Filter(c.Appliance.Config, acl, matches) ?? CaptureFilter.Everything;
        hub.Set(name, s with
        {
            Interfaces = [.. s.Interfaces.Where(i => !options.Interfaces.Contains(i.Name))],
            AccessList = acl,
            Matches = matches,
            Filter = filter,
        });
        return Task.CompletedTask;
    }

    private static Task Clear(ExecContext c)
    {
        var name = c.Args.Str("name");
        if (c.Appliance.Captures.Find(name) is { } capture) capture.Clear();
        else c.WriteLine(NoSuchCapture(name));
        return Task.CompletedTask;
    }

    private static Task Show(ExecContext c)
    {
        if (c.Args.OptStr("name") is not { } name)
        {
            c.WriteLines(c.Appliance.Captures.All.SelectMany(Listing));
            return Task.CompletedTask;
        }
        if (c.Appliance.Captures.Find(name) is { } capture)
            c.WriteLines(c.Args.Has("detail") ? PacketSummary.DetailLines(capture.Packets) : PacketSummary.Lines(capture.Packets));
        else c.WriteLine(NoSuchCapture(name));
        return Task.CompletedTask;
    }

    /// <summary>
    /// One capture in <c>show capture</c> [M]: <c>capture NAME type raw-data [access-list ACL] [buffer N]
    /// [circular-buffer] interface IF... [packet-length N] [Capturing - N bytes]</c>, then its match lines.
    /// </summary>
    public static IEnumerable<string> Listing(PacketCapture capture)
    {
        var s = capture.Settings;
        var words = new List<string> { "capture", capture.Name, "type", "raw-data" };
        if (s.AccessList is { } acl) words.AddRange(["access-list", acl]);
        if (s.BufferBytes != CaptureSettings.DefaultBuffer) words.AddRange(["buffer", s.BufferBytes.ToString(CultureInfo.InvariantCulture)]);
        if (s.Circular) words.Add("circular-buffer");
        foreach (var (nameIf, _) in s.Interfaces) words.AddRange(["interface", nameIf]);
        if (s.PacketLength != CaptureSettings.DefaultPacketLength) words.AddRange(["packet-length", s.PacketLength.ToString(CultureInfo.InvariantCulture)]);
        words.Add($"[{(capture.Full ? "Buffer Full" : "Capturing")} - {capture.Bytes.ToString(CultureInfo.InvariantCulture)} bytes]");
        yield return string.Join(' ', words);
        foreach (var match in s.Matches) yield return $"  match {match}";
    }

    /// <summary>
    /// <c>copy /pcap capture:NAME disk0:/FILE</c>: the capture as a pcap file on the flash (the data
    /// directory), and beside it Wireshark's <c>esp_sa</c> and <c>ikev1_decryption_table</c> for the SAs seen.
    /// </summary>
    private static async Task Copy(ExecContext c)
    {
        var source = c.Args.Str("source");
        var destination = c.Args.Str("destination");
        if (!source.StartsWith("capture:", StringComparison.OrdinalIgnoreCase))
        {
            c.WriteLine($"%Error opening {source} (No such file or directory)"); // [M] wording
            return;
        }
        var name = source["capture:".Length..];
        if (c.Appliance.Captures.Find(name) is not { } capture)
        {
            c.WriteLine(NoSuchCapture(name));
            return;
        }
        if (FlashFile(destination) is not { } file || c.Appliance.Store is not FileConfigStore store)
        {
            c.WriteLine($"%Error opening {destination} (Invalid argument)"); // [M] wording
            return;
        }
        var tables = Path.GetFileNameWithoutExtension(file);
        string[] files = [file, $"{tables}.{DecryptionTables.EspFile}", $"{tables}.{DecryptionTables.IkeFile}"];
        if (files.Select(Refusal).FirstOrDefault(r => r is not null) is { } refusal)
        {
            c.WriteLine($"%Error opening {destination} ({refusal})"); // [M] wording
            return;
        }
        if (!c.Args.Has("/noconfirm"))
        {
            foreach (var (question, expected) in new[] { ("Source capture name", name), ("Destination filename", file) })
            {
                c.Session.Write($"{question} [{expected}]? ");
                var answer = await c.Session.Terminal.ReadLineAsync(secret: false, c.Cancel);
                if (answer is null) { c.Session.End(); return; }
                c.WriteLine();
                if (answer.Trim().Length > 0 && answer.Trim() != expected)
                {
                    c.WriteLine($"ERROR: % Only {expected} is supported here");
                    return;
                }
            }
        }
        var packets = capture.Packets;
        var (esp, ike) = CaptureWiring.Current(c.Appliance.Captures, c.Appliance.Ike);
        try
        {
            // The tables hold the keys of every SA seen: owner-only files, as all of disk0: (DataDirectory).
            store.Data.Write(files[0], PcapWriter.Write(packets, capture.Settings.PacketLength));
            store.Data.Write(files[1], Encoding.UTF8.GetBytes(DecryptionTables.Esp(esp)));
            store.Data.Write(files[2], Encoding.UTF8.GetBytes(DecryptionTables.Ike(ike)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            c.WriteLine($"%Error writing disk0:/{file} ({e.Message})"); // [M] wording
            return;
        }
        c.WriteLine(new string('!', Math.Max(1, packets.Count / 10)));
        c.WriteLine($"{packets.Count.ToString(CultureInfo.InvariantCulture)} packets copied in 0.0 secs"); // [M]
        c.WriteLine($"INFO: Wireshark decryption tables: disk0:/{tables}.{DecryptionTables.EspFile}, disk0:/{tables}.{DecryptionTables.IkeFile}");
    }

    /// <summary>
    /// The path after <c>disk0:</c> or <c>flash:</c> (the data directory), leading slashes taken off;
    /// null for another file system.
    /// </summary>
    public static string? FlashFile(string destination)
    {
        foreach (var prefix in new[] { "disk0:", "flash:" })
            if (destination.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return destination[prefix.Length..].TrimStart('/');
        return null;
    }

    /// <summary>
    /// Why <c>copy</c> may not write <paramref name="file"/> on <c>disk0:</c>, in the words of the ASA's
    /// <c>%Error opening</c> [M]; null when it may. disk0: is the data directory, modelled without
    /// subdirectories: what is not a plain name there is refused, and so are the appliance's own files
    /// (the startup-config, the host keys' directory, hidden and temp names), which a copy would destroy.
    /// </summary>
    public static string? Refusal(string file)
    {
        var parts = file.Split('/', '\\');
        if (parts.Any(p => p is "." or ".." || p.Contains('\0'))) return "Permission denied";
        if (parts.Length > 1) return "No such file or directory";
        if (file.Length == 0) return "Invalid argument";
        return DataDirectory.IsReserved(file) ? "Permission denied" : null;
    }
}
