using System.Collections.Immutable;
using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Passwords;
using AsaEmu.ConfigModel.Syntax;

namespace AsaEmu.ConfigModel.Commands;

/// <summary>
/// Identity and management (reference §4.1): hostname, domain-name, enable password, passwd,
/// names, banner, pager, aaa authentication, ssh/telnet access and settings, logging.
/// </summary>
public sealed class IdentityCommands : ICommandArea
{
    private static readonly ArgType HostnameWord = ArgType.Word("WORD", "New name for this machine", 63);

    public void Register(ConfigGrammar g)
    {
        var t = g.Tree(Modes.ModeKind.Global);
        t.Add("hostname <host:name>", SetHostname, noHandler: c => c.Done(c.Config.Without<Hostname>()), noPrefix: 1,
            types: new Dictionary<string, ArgType> { ["host"] = HostnameWord });
        t.Add("domain-name <word:name>", c => c.Done(Put(c, new DomainName(c.Args.Str("name")), Sections.DomainName)),
            noPrefix: 1, noHandler: c => c.Done(c.Config.Without<DomainName>()));
        t.Add("enable password <word:pw> [level <0-15:level>] [(encrypted|pbkdf2):format]", SetEnable,
            noPrefix: 2, noHandler: c => c.Done(c.Config.Without<EnablePassword>((c.Args.OptNum("level") ?? 15).ToString(System.Globalization.CultureInfo.InvariantCulture))));
        // passwd keeps the PIX-MD5 form on 9.x [S: the 9.12(4) capture's "passwd ... encrypted" beside a pbkdf2 enable password].
        t.Add("(passwd|password) <word:pw> [(encrypted|pbkdf2):format]", c =>
            c.Done(Put(c, new Passwd(Hash(c, pw => new PasswordHash(AsaPasswordHash.Pix(pw)))), Sections.Passwd)),
            noPrefix: 1, noHandler: c => c.Done(c.Config.Without<Passwd>()));
        t.Add("names", c => c.Done(Put(c, new NamesEnabled(), Sections.Names)),
            noHandler: c => c.Done(c.Config.Without<NamesEnabled>()));
        t.Add("name <ip:address> <word:name> [description <line:text>]", c =>
            c.Done(Put(c, new NameEntry(c.Args.Ip("address"), c.Args.Str("name"), c.Args.OptStr("text")), Sections.Name)),
            noPrefix: 3, noHandler: c => c.Done(c.Config.Without<NameEntry>(c.Args.Str("name"))));
        t.Add("banner (motd|login|exec|asdm):kind [<line:text>]", AddBannerLine,
            noPrefix: 2, noHandler: c => c.Done(c.Config.Without<Banner>(c.Args.Str("kind"))));
        t.Add("pager [lines] <0-2147483647:lines>", c => c.Done(Put(c, new PagerLines(c.Args.Num("lines")), Sections.Pager)),
            noPrefix: 1, noHandler: c => c.Done(c.Config.Without<PagerLines>()));
        t.Add("aaa authentication (ssh|telnet|serial|http|enable):service console <word:group> [LOCAL]", c =>
            c.Done(Put(c, new AaaAuthentication(c.Args.Str("service"), c.Args.Str("group"), c.Args.Has("LOCAL")), Sections.AaaAuthentication)),
            noPrefix: 3, noHandler: c => c.Done(c.Config.Without<AaaAuthentication>(c.Args.Str("service"))));
        foreach (var protocol in new[] { "ssh", "telnet" })
        {
            var section = protocol == "ssh" ? Sections.Ssh : Sections.Telnet;
            t.Add($"{protocol} <ip:address> <mask:mask> <nameif:if>", c => AddAccess(c, protocol, section),
                noHandler: c => c.Done(c.Config.Without<ManagementAccess>(AccessKey(c, protocol))));
        }
        t.Add("ssh timeout <1-60:value>", c => SetManagement(c, "ssh", "timeout", Sections.Ssh), noPrefix: 2, noHandler: c => ClearManagement(c, "ssh", "timeout"));
        t.Add("telnet timeout <1-1440:value>", c => SetManagement(c, "telnet", "timeout", Sections.Telnet), noPrefix: 2, noHandler: c => ClearManagement(c, "telnet", "timeout"));
        t.Add("ssh version <1-2:value>", c => SetManagement(c, "ssh", "version", Sections.Ssh), noPrefix: 2, noHandler: c => ClearManagement(c, "ssh", "version"));
        t.Add("ssh key-exchange group (dh-group1-sha1|dh-group14-sha1|dh-group14-sha256|ecdh-group19|ecdh-group20|ecdh-group21|curve25519-sha256):value",
            c => SetManagement(c, "ssh", "key-exchange group", Sections.Ssh), noPrefix: 3, noHandler: c => ClearManagement(c, "ssh", "key-exchange group"));
        t.Add("logging (enable|timestamp):setting", c => c.Done(Put(c, new LoggingSetting(c.Args.Str("setting"), null), Sections.Logging)),
            noHandler: c => c.Done(c.Config.Without<LoggingSetting>(c.Args.Str("setting"))));
        var levels = string.Join("|", LoggingSetting.LevelNames);
        t.Add($"logging (buffered|console|monitor|trap|asdm|history|mail):setting (<0-7:level>|{levels}):name", SetLoggingLevel,
            noPrefix: 2, noHandler: c => c.Done(c.Config.Without<LoggingSetting>(c.Args.Str("setting"))));
    }

    /// <summary>Stores a singleton-like item, keeping its place in show run when it already exists.</summary>
    internal static AsaConfig Put<T>(ConfigCommand c, T item, int section) where T : ConfigItem
    {
        var existing = c.Config.Get<T>(item.Key);
        if (existing is not null) return c.Config.With((item with { Order = existing.Order, Sources = existing.Sources }).WithSource(c.Source));
        var (config, order) = c.Config.Allocate(section);
        return config.With((item with { Order = order }).WithSource(c.Source));
    }

    /// <summary>The stored form of the <c>pw</c> argument: as given with <c>encrypted</c>/<c>pbkdf2</c>, else <paramref name="hash"/> of it.</summary>
    private static PasswordHash Hash(ConfigCommand c, Func<string, PasswordHash> hash)
    {
        var format = c.Args.OptStr("format");
        var pw = c.Args.Str("pw");
        return format is null ? hash(pw) : new PasswordHash(pw, format);
    }

    private static CommandOutcome SetHostname(ConfigCommand c)
    {
        var name = c.Args.Str("name");
        // Letters, digits and hyphens; starts and ends with a letter or digit (reference §4.1).
        if (!char.IsAsciiLetterOrDigit(name[0]) || !char.IsAsciiLetterOrDigit(name[^1])
            || name.Any(ch => !char.IsAsciiLetterOrDigit(ch) && ch != '-' && ch != '_'))
            return c.Error("Hostname must begin and end with a letter or digit, and contain only letters, digits and hyphens.");
        return c.Done(Put(c, new Hostname(name), Sections.Hostname));
    }

    private static CommandOutcome SetEnable(ConfigCommand c)
    {
        var level = (int)(c.Args.OptNum("level") ?? 15);
        // 9.7+ stores a new enable password as PBKDF2, as it does a user's [S: the 9.12(4) capture's "enable password $sha512$... pbkdf2"].
        return c.Done(Put(c, new EnablePassword(level, Hash(c, pw => AsaPasswordHash.NewPbkdf2(pw, c.Salt))), Sections.EnablePassword));
    }

    private static CommandOutcome AddBannerLine(ConfigCommand c)
    {
        var kind = c.Args.Str("kind");
        // A banner line is everything after "banner KIND", blanks included: "banner motd " and
        // "banner motd" are different lines in real configs. KIND as typed: it may be abbreviated
        // ("banner mo"), and the words may be apart by tabs.
        var kindWord = LineTokenizer.Tokenize(c.Source.Text)[1];
        var text = c.Source.Text[(kindWord.Column + kindWord.Text.Length)..];
        var existing = c.Config.Get<Banner>(kind);
        var lines = existing?.Lines.Add(text) ?? [text];
        return c.Done(Put(c, new Banner(kind, lines), Sections.Banner));
    }

    private static string AccessKey(ConfigCommand c, string protocol) =>
        $"{protocol} {c.Args.Ip("address")} {c.Args.Ip("mask")} {c.Args.Str("if")}";

    private static CommandOutcome AddAccess(ConfigCommand c, string protocol, int section)
    {
        var address = c.Args.Ip("address");
        var mask = c.Args.Ip("mask");
        var nameIf = c.Args.Str("if");
        if (address.And(mask) != address)
            return c.Error($"IP address,mask <{address},{mask}> doesn't pair");
        if (c.Config.InterfaceNamed(nameIf) is null)
            return c.Error($"Interface name \"{nameIf}\" not found");
        return c.Done(Put(c, new ManagementAccess(protocol, address, mask, nameIf), section));
    }

    private static CommandOutcome SetManagement(ConfigCommand c, string protocol, string setting, int section) =>
        c.Done(Put(c, new ManagementSetting(protocol, setting, c.Args.Get<object>("value").ToString()!), section));

    private static CommandOutcome ClearManagement(ConfigCommand c, string protocol, string setting) =>
        c.Done(c.Config.Without<ManagementSetting>($"{protocol} {setting}"));

    private static CommandOutcome SetLoggingLevel(ConfigCommand c)
    {
        // The ASA stores a numeric level under its name: "logging buffered 7" shows "debugging".
        var value = c.Args.OptNum("level") is { } n ? LoggingSetting.LevelNames[(int)n] : c.Args.Str("name");
        return c.Done(Put(c, new LoggingSetting(c.Args.Str("setting"), value), Sections.Logging));
    }
}
