using AsaEmu.ConfigModel.Commands;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Rendering;
using AsaEmu.Shell.Events;
using AsaEmu.Shell.Persistence;

namespace AsaEmu.Shell.Core;

/// <summary>What <c>write memory</c> stored: its size and the checksum of the config it holds.</summary>
public sealed record SaveResult(int Bytes, string Checksum);

/// <summary>
/// One emulated ASA: the running-config snapshot that every session shares, the startup-config
/// store, the clock and the time it booted. Sessions change the config through
/// <see cref="Update{T}"/>, which applies their change to the latest snapshot and swaps it in
/// under a lock, so concurrent sessions never lose each other's changes.
/// </summary>
public sealed class Appliance
{
    private readonly Lock _gate = new();
    private AsaConfig _config;

    public Appliance(AsaConfig config, IConfigStore store, TimeProvider clock, ConfigGrammar? grammar = null)
    {
        _config = config;
        BootConfig = config;
        Store = store;
        Clock = clock;
        Grammar = grammar ?? ConfigGrammar.Default;
        BootedAt = clock.Now;
        Events = new EventBus(clock, () => Config);
        Captures = new Dataplane.Capture.CaptureHub(() => clock.Now);
    }

    /// <summary>Boots from a startup-config text, loading what it can (see <see cref="ConfigLoader"/>).</summary>
    public static (Appliance Appliance, LoadResult Load) Boot(string startupText, IConfigStore store, TimeProvider clock, ConfigGrammar? grammar = null)
    {
        var load = ConfigLoader.Load(startupText, grammar, salt: RandomSalt);
        return (new Appliance(load.Config, store, clock, grammar) { StartupText = startupText }, load);
    }

    /// <summary>
    /// The startup-config as <c>show startup-config</c> shows it: the text the appliance booted
    /// from (<c>--config FILE</c>, the data directory's, or the built-in default), then the last one
    /// <c>write memory</c> saved. Null for an appliance made without one.
    /// </summary>
    public string? StartupText { get; private set; }

    public IConfigStore Store { get; }
    /// <summary>The appliance's one clock: uptime, timestamps, login waits, the captures' times.</summary>
    public TimeProvider Clock { get; }
    public ConfigGrammar Grammar { get; }

    /// <summary>Salts the passwords a session types in clear (9.x stores them PBKDF2 with a random salt).</summary>
    public static readonly ConfigModel.Passwords.SaltSource RandomSalt = System.Security.Cryptography.RandomNumberGenerator.Fill;
    public DateTimeOffset BootedAt { get; }

    /// <summary>The config the appliance booted with: what <c>show interface ip brief</c> calls <c>CONFIG</c> rather than <c>manual</c>.</summary>
    public AsaConfig BootConfig { get; }

    /// <summary>The event bus: debug levels, the logging buffer, and the sessions' subscriptions.</summary>
    public EventBus Events { get; }

    /// <summary>The VPN sessions' state as the show commands see it (reverse routes, pool addresses in use).</summary>
    public Cli.Commands.IVpnShowState Vpn { get; set; } = Cli.Commands.NoVpnState.Instance;

    /// <summary>The IKE service when it runs (as root, with IKE enabled on an interface of this host).</summary>
    public Dataplane.Ike.IkeService? Ike { get; set; }

    /// <summary>The ESP dataplane when it runs beside the IKE service.</summary>
    public Dataplane.Forwarding.EspService? Esp { get; set; }

    /// <summary>
    /// The local users' failure counts, locks and the per-source login throttle: one instance for every
    /// login path (SSH, telnet, <c>login</c>, and XAUTH through the IKE service).
    /// </summary>
    public Crypto.Aaa.LocalUserDatabase LocalUsers { get; } = new();

    /// <summary>Checks a local user's password through <see cref="LocalUsers"/> and publishes the AAA syslog messages it raised.</summary>
    public Crypto.Aaa.LoginOutcome Authenticate(Crypto.Aaa.LoginAttempt attempt)
    {
        var outcome = LocalUsers.Authenticate(Config, attempt, Clock.Now);
        foreach (var e in outcome.Events) Events.Publish(e);
        return outcome;
    }

    /// <summary>The CLI sessions open now (console, SSH, telnet).</summary>
    public Sessions.SessionRegistry Sessions { get; } = new();

    /// <summary>
    /// The AAA service (<c>test aaa-server</c>, RADIUS server groups, later XAUTH): set by the host with real
    /// sockets, by tests with fakes; made on first use with UDP sockets and the appliance's clock otherwise.
    /// </summary>
    public Dataplane.Aaa.AaaService Aaa
    {
        get
        {
            if (Volatile.Read(ref _aaa) is { } aaa) return aaa;
            var made = new Dataplane.Aaa.AaaService(() => Config, Events, Crypto.Keying.SystemRandom.Instance, Clock,
                new Dataplane.Aaa.UdpRadiusTransport(), LocalUsers);
            if (Interlocked.CompareExchange(ref _aaa, made, null) is { } other)
            {
                _ = made.DisposeAsync().AsTask();
                return other;
            }
            return made;
        }
        set => Volatile.Write(ref _aaa, value);
    }

    private Dataplane.Aaa.AaaService? _aaa;

    /// <summary>The packet captures (<c>capture NAME ...</c>), tapped by the dataplane when it runs.</summary>
    public Dataplane.Capture.CaptureHub Captures { get; }

    /// <summary>The current running-config snapshot.</summary>
    public AsaConfig Config => Volatile.Read(ref _config);

    public string Hostname => Config.Get<Hostname>()?.Name ?? ConfigModel.Model.Hostname.Default;

    /// <summary>The last change since boot, for <c>show version</c>'s "Configuration last modified by".</summary>
    public ConfigChange? LastChange { get; private set; }

    /// <summary>Raised after a change was swapped in (outside the lock).</summary>
    public event EventHandler<ConfigChange>? ConfigChanged;

    /// <summary>
    /// Applies <paramref name="change"/> to the latest snapshot and swaps the result in atomically.
    /// Changes from different sessions are serialised; readers never wait.
    /// </summary>
    public T Update<T>(string by, Func<AsaConfig, (AsaConfig Config, T Result)> change)
    {
        ConfigChange? changed = null;
        T result;
        lock (_gate)
        {
            var before = _config;
            (var after, result) = change(before);
            if (!ReferenceEquals(after, before))
            {
                Volatile.Write(ref _config, after);
                changed = LastChange = new ConfigChange(before, after, by, Clock.Now);
            }
        }
        if (changed is not null) ConfigChanged?.Invoke(this, changed);
        return result;
    }

    /// <summary><c>write memory</c>: stores the running-config, secrets in clear, as the new startup-config.</summary>
    /// <remarks><paramref name="from"/> (<c>console</c> or the client's address) is what the 111001/111004 syslog messages name.</remarks>
    public SaveResult SaveStartup(string by, string from = "console")
    {
        var config = Config;
        var text = RunningConfigRenderer.Render(config, unmasked: true,
            new RenderHeader(RunningConfigRenderer.Version, $"{by} at {AsaTime.Stamp(Clock.Now)}"));
        Events.Publish(SyslogCatalogue.BeginWriting(from));
        try
        {
            Store.SaveStartup(text);
            StartupText = text;
        }
        catch
        {
            Events.Publish(SyslogCatalogue.EndWriting(from, ok: false));
            throw;
        }
        Events.Publish(SyslogCatalogue.EndWriting(from, ok: true));
        return new SaveResult(System.Text.Encoding.UTF8.GetByteCount(text), RunningConfigRenderer.Checksum(config));
    }
}
