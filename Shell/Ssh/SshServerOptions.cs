using System.Net;
using AsaEmu.Shell.Listeners;

namespace AsaEmu.Shell.Ssh;

/// <summary>Everything an <see cref="SshServer"/> needs from the appliance.</summary>
public sealed record SshServerOptions
{
    public required IHostKeyStore HostKeyStore { get; init; }
    public required SshPasswordAuthenticator Authenticator { get; init; }
    public required ISshSessionHandler Handler { get; init; }

    /// <summary>The identification line we send (RFC 4253 §4.2); an ASA says <c>SSH-2.0-Cisco-1.25</c>.</summary>
    public string ServerVersion { get; init; } = "SSH-2.0-Cisco-1.25";

    /// <summary>
    /// From accept to successful authentication (version exchange, the one key exchange, login):
    /// OpenSSH's LoginGraceTime. OpenSSH and IOS (<c>ip ssh time-out</c>) allow 120 s; the ASA's
    /// own value is not in Cisco's documentation. 30 s is ample for a client (a login takes well
    /// under a second) and for a person to type a password, and with <see cref="Startups"/> it
    /// bounds how long a silent connection holds a place.
    /// </summary>
    public TimeSpan LoginTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Connections not yet logged in: beyond these, new connections are closed at accept, before any key exchange work.</summary>
    public StartupLimits Startups { get; init; } = StartupLimits.Ssh;

    /// <summary>
    /// Asked at accept with the client's and our endpoint, before a byte is read or written:
    /// false closes the connection at once (the <c>ssh ADDR MASK IF</c> lines on an interface
    /// listener). Null admits every source.
    /// </summary>
    public Func<IPEndPoint, IPEndPoint, bool>? AcceptFilter { get; init; }

    /// <summary>How long a later key re-exchange may take once started.</summary>
    public TimeSpan KeyExchangeTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Failed password attempts before the server disconnects (the ASA allows 3).</summary>
    public int MaxAuthFailures { get; init; } = 3;

    /// <summary>
    /// The clock of the login and key-exchange timeouts and of the pauses after failed attempts: the
    /// appliance's one clock (SshHost hands it over), a fake one in tests.
    /// </summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Pause before answering the n-th failed attempt (n from 1): 1 s, 2 s, ...</summary>
    public Func<int, TimeSpan> AuthFailureDelay { get; init; } = n => TimeSpan.FromSeconds(n);

    /// <summary>Open session channels allowed per connection.</summary>
    public int MaxChannelsPerConnection { get; init; } = 10;

    /// <summary>Receives one line per notable event (connections, logins, protocol errors); may be null.</summary>
    public Action<string>? Log { get; init; }
}
