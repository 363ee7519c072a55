namespace AsaEmu.Shell.Ssh;

/// <summary>Everything an <see cref="SshServer"/> needs from the appliance.</summary>
public sealed class SshServerOptions
{
    public required IHostKeyStore HostKeyStore { get; init; }
    public required SshPasswordAuthenticator Authenticator { get; init; }
    public required ISshSessionHandler Handler { get; init; }

    /// <summary>The identification line we send (RFC 4253 §4.2); an ASA says <c>SSH-2.0-Cisco-1.25</c>.</summary>
    public string ServerVersion { get; init; } = "SSH-2.0-Cisco-1.25";

    /// <summary>From accept to successful authentication (version exchange, first key exchange, login).</summary>
    public TimeSpan LoginTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>How long a later key re-exchange may take once started.</summary>
    public TimeSpan KeyExchangeTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Failed password attempts before the server disconnects (the ASA allows 3).</summary>
    public int MaxAuthFailures { get; init; } = 3;

    /// <summary>Pause before answering the n-th failed attempt (n from 1): 1 s, 2 s, ...</summary>
    public Func<int, TimeSpan> AuthFailureDelay { get; init; } = n => TimeSpan.FromSeconds(n);

    /// <summary>Open session channels allowed per connection.</summary>
    public int MaxChannelsPerConnection { get; init; } = 10;

    /// <summary>Receives one line per notable event (connections, logins, protocol errors); may be null.</summary>
    public Action<string>? Log { get; init; }
}
