#!/usr/bin/env python3
"""Known-answer vectors for AsaEmu's IKEv1 keying, computed independently of the C# code.

Everything here is written from the RFC text with Python's standard library only: hashlib and hmac
for the hashes and PRFs, pow() for modular exponentiation, integer arithmetic for pi and the MODP
primes. The optional CBC part (whole encrypted messages along an IV chain) uses the
'cryptography' package when it is installed; without it that part is left out.

Run:  python3 make_vectors.py > keying-vectors.json
The output is deterministic: every "random" value comes from SHA-256 of a fixed label.
"""
import hashlib
import hmac
import json
import struct

# ---------------------------------------------------------------------------------------------
# MODP primes: 2^n - 2^(n-64) - 1 + 2^64 * ( [2^(n-130) pi] + k )   (RFC 2409 §6, RFC 3526)

def arctan_inv(x, one):
    """arctan(1/x) * one, by the Taylor series, in integers."""
    total = term = one // x
    x2 = x * x
    n = 1
    sign = -1
    while term:
        term //= x2
        total += sign * (term // (2 * n + 1))
        sign = -sign
        n += 1
    return total


def floor_pi_times_2_pow(e):
    """floor(2^e * pi) via Machin's formula pi = 16 atan(1/5) - 4 atan(1/239), with guard bits."""
    guard = 64
    one = 1 << (e + guard)
    pi = 16 * arctan_inv(5, one) - 4 * arctan_inv(239, one)
    return pi >> guard


def is_probable_prime(n, rounds=24):
    if n < 2:
        return False
    for small in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37):
        if n % small == 0:
            return n == small
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2
        s += 1
    for i in range(rounds):
        a = 2 + int.from_bytes(hashlib.sha256(b"mr%d" % i).digest(), "big") % (n - 3)
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


MODP = {1: (768, 149686), 2: (1024, 129093), 5: (1536, 741804), 14: (2048, 124476),
        15: (3072, 1690314), 16: (4096, 240904)}


def modp_prime(group):
    n, k = MODP[group]
    return (1 << n) - (1 << (n - 64)) - 1 + (1 << 64) * (floor_pi_times_2_pow(n - 130) + k)


PRIMES = {g: modp_prime(g) for g in MODP}
for g, p in PRIMES.items():
    # A wrong k or a wrong pi would not give a safe prime.
    assert is_probable_prime(p) and is_probable_prime((p - 1) // 2), g

# ---------------------------------------------------------------------------------------------
# helpers

def rnd(label, n):
    out = b""
    i = 0
    while len(out) < n:
        out += hashlib.sha256(b"%s/%d" % (label.encode(), i)).digest()
        i += 1
    return out[:n]


def i2b(v, n):
    return v.to_bytes(n, "big")


HASHES = {"md5": hashlib.md5, "sha1": hashlib.sha1, "sha256": hashlib.sha256}


def prf(h, key, data):
    return hmac.new(key, data, HASHES[h]).digest()


def H(h, data):
    return HASHES[h](data).digest()


CIPHERS = {"des": (8, 8), "3des": (24, 8), "aes128": (16, 16), "aes192": (24, 16), "aes256": (32, 16)}

# ---------------------------------------------------------------------------------------------
# Diffie-Hellman: private values as the C# side makes them (prime-length bytes, top bit cleared)

def dh_private(group, label):
    n = len(i2b(PRIMES[group], (PRIMES[group].bit_length() + 7) // 8))
    b = bytearray(rnd(label, n))
    b[0] &= 0x7F
    return bytes(b)


def dh_vector(group, label, want_leading_zero=False):
    p = PRIMES[group]
    n = (p.bit_length() + 7) // 8
    i = 0
    while True:
        xi = dh_private(group, f"{label}/xi/{i}")
        xr = dh_private(group, f"{label}/xr/{i}")
        gxi = pow(2, int.from_bytes(xi, "big"), p)
        gxr = pow(2, int.from_bytes(xr, "big"), p)
        gxy = pow(gxr, int.from_bytes(xi, "big"), p)
        assert gxy == pow(gxi, int.from_bytes(xr, "big"), p)
        if not want_leading_zero or gxy < (1 << (8 * (n - 1))):
            break
        i += 1
    return {"group": group, "xi": xi.hex(), "xr": xr.hex(), "gxi": i2b(gxi, n).hex(),
            "gxr": i2b(gxr, n).hex(), "gxy": i2b(gxy, n).hex()}


DH = [dh_vector(2, "dh2"), dh_vector(14, "dh14"), dh_vector(1, "dh1"), dh_vector(5, "dh5"),
      dh_vector(2, "dh2-short", want_leading_zero=True), dh_vector(14, "dh14-short", want_leading_zero=True)]

# ---------------------------------------------------------------------------------------------
# ECP groups 19 and 20 (RFC 5903): affine arithmetic on y^2 = x^3 - 3x + b over GF(p).
# KE data = x | y; g^xy = x of the shared point.

CURVES = {
    19: (2**256 - 2**224 + 2**192 + 2**96 - 1,
         0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B,
         0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
         0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5,
         0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551, 32),
    20: (2**384 - 2**128 - 2**96 + 2**32 - 1,
         0xB3312FA7E23EE7E4988E056BE3F82D19181D9C6EFE8141120314088F5013875AC656398D8A2ED19D2A85C8EDD3EC2AEF,
         0xAA87CA22BE8B05378EB1C71EF320AD746E1D3B628BA79B9859F741E082542A385502F25DBF55296C3A545E3872760AB7,
         0x3617DE4A96262C6F5D9E98BF9292DC29F8F41DBD289A147CE9DA3113B5F0B8C00A60B1CE1D7E819D7A431D7C90EA0E5F,
         0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973, 48),
}


def ec_add(P, Q, p):
    if P is None:
        return Q
    if Q is None:
        return P
    (x1, y1), (x2, y2) = P, Q
    if x1 == x2 and (y1 + y2) % p == 0:
        return None
    if P == Q:
        lam = (3 * x1 * x1 - 3) * pow(2 * y1, -1, p) % p
    else:
        lam = (y2 - y1) * pow(x2 - x1, -1, p) % p
    x3 = (lam * lam - x1 - x2) % p
    return (x3, (lam * (x1 - x3) - y1) % p)


def ec_mul(k, P, p):
    R = None
    while k:
        if k & 1:
            R = ec_add(R, P, p)
        P = ec_add(P, P, p)
        k >>= 1
    return R


def ecp_vector(group, label):
    p, b, gx, gy, n, size = CURVES[group]
    assert (gy * gy - (gx ** 3 - 3 * gx + b)) % p == 0, "G is on the curve"
    assert ec_mul(n, (gx, gy), p) is None, "G has order n"
    di = int.from_bytes(rnd(label + "/di", size), "big") % (n - 1) + 1
    dr = int.from_bytes(rnd(label + "/dr", size), "big") % (n - 1) + 1
    Qi = ec_mul(di, (gx, gy), p)
    Qr = ec_mul(dr, (gx, gy), p)
    S = ec_mul(di, Qr, p)
    assert S == ec_mul(dr, Qi, p)
    return {"group": group, "xi": i2b(di, size).hex(), "xr": i2b(dr, size).hex(),
            "gxi": (i2b(Qi[0], size) + i2b(Qi[1], size)).hex(), "gxr": (i2b(Qr[0], size) + i2b(Qr[1], size)).hex(),
            "gxy": i2b(S[0], size).hex()}


ECP = [ecp_vector(19, "ecp19"), ecp_vector(20, "ecp20")]

# ---------------------------------------------------------------------------------------------
# Phase 1 and phase 2 keying (RFC 2409 §5, §5.5, Appendix B)

def expand_key(h, skeyid_e, size):
    if len(skeyid_e) >= size:
        return skeyid_e[:size]
    ka = b""
    k = b"\x00"
    while len(ka) < size:
        k = prf(h, skeyid_e, k)
        ka += k
    return ka[:size]


def keymat(h, skeyid_d, protocol, spi, ni_b, nr_b, length, pfs=b""):
    seed = pfs + bytes([protocol]) + struct.pack(">I", spi) + ni_b + nr_b
    out = b""
    k = b""
    while len(out) < length:
        k = prf(h, skeyid_d, k + seed)
        out += k
    return out[:length]


def cbc_chain(cipher, key, iv0, h, messages):
    """Encrypts messages along the IKEv1 IV chain; None without the 'cryptography' package."""
    try:
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    except ImportError:
        return None
    try:
        from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
    except ImportError:
        TripleDES = algorithms.TripleDES
    bs = CIPHERS[cipher][1]
    if cipher == "des":
        return None  # the package has no single DES
    algo = TripleDES(key) if cipher == "3des" else algorithms.AES(key)
    phase1 = iv0
    ivs = {}
    out = []
    for mid, body in messages:
        if mid == 0:
            iv = phase1
        elif mid in ivs:
            iv = ivs[mid]
        else:
            iv = H(h, phase1 + struct.pack(">I", mid))[:bs]
        padded = body + b"\x00" * ((-len(body)) % bs)
        enc = Cipher(algo, modes.CBC(iv)).encryptor()
        ct = enc.update(padded) + enc.finalize()
        if mid == 0:
            phase1 = ct[-bs:]
        else:
            ivs[mid] = ct[-bs:]
        out.append({"mid": mid, "iv": iv.hex(), "body": body.hex(), "ciphertext": ct.hex()})
    return out


def phase1_vector(h, dh, cipher, label):
    key_size, block_size = CIPHERS[cipher]
    psk = b"cisco123-" + label.encode()
    ni = rnd(label + "/ni", 20)
    nr = rnd(label + "/nr", 32)
    cky_i = rnd(label + "/ckyi", 8)
    cky_r = rnd(label + "/ckyr", 8)
    gxi, gxr, gxy = (bytes.fromhex(dh[k]) for k in ("gxi", "gxr", "gxy"))
    sai_b = bytes.fromhex("00000001000000010000002c01010001") + rnd(label + "/sa", 28)
    idii_b = bytes.fromhex("0b1101f4") + b"EZ"
    idir_b = bytes.fromhex("01000000c6120001")

    skeyid = prf(h, psk, ni + nr)
    skeyid_d = prf(h, skeyid, gxy + cky_i + cky_r + b"\x00")
    skeyid_a = prf(h, skeyid, skeyid_d + gxy + cky_i + cky_r + b"\x01")
    skeyid_e = prf(h, skeyid, skeyid_a + gxy + cky_i + cky_r + b"\x02")
    enc_key = expand_key(h, skeyid_e, key_size)
    hash_i = prf(h, skeyid, gxi + gxr + cky_i + cky_r + sai_b + idii_b)
    hash_r = prf(h, skeyid, gxr + gxi + cky_r + cky_i + sai_b + idir_b)
    iv0 = H(h, gxi + gxr)[:block_size]

    # Quick Mode: the payloads after HASH, generic headers included
    mid = 0xABBA2C6C
    qm_ni = rnd(label + "/qmni", 20)
    qm_nr = rnd(label + "/qmnr", 32)
    qm1_rest = rnd(label + "/qm1", 100)
    qm2_rest = rnd(label + "/qm2", 88)
    hash1 = prf(h, skeyid_a, struct.pack(">I", mid) + qm1_rest)
    hash2 = prf(h, skeyid_a, struct.pack(">I", mid) + qm_ni + qm2_rest)
    hash3 = prf(h, skeyid_a, b"\x00" + struct.pack(">I", mid) + qm_ni + qm_nr)
    info_mid = 0x0A80655D
    info_rest = rnd(label + "/info", 40)
    info_hash = prf(h, skeyid_a, struct.pack(">I", info_mid) + info_rest)

    spi_in, spi_out = 0x056743A8, 0xA1CE1E6C
    pfs = bytes.fromhex(DH[0]["gxy"])
    enc_len, auth_len = 24, 20  # esp-aes-192 esp-sha-hmac
    vector = {
        "name": label, "hash": h, "group": dh["group"], "cipher": cipher,
        "keySize": key_size, "blockSize": block_size,
        "psk": psk.hex(), "ni": ni.hex(), "nr": nr.hex(), "ckyI": cky_i.hex(), "ckyR": cky_r.hex(),
        "gxi": gxi.hex(), "gxr": gxr.hex(), "gxy": gxy.hex(),
        "saiB": sai_b.hex(), "idiiB": idii_b.hex(), "idirB": idir_b.hex(),
        "skeyid": skeyid.hex(), "skeyidSig": prf(h, ni + nr, gxy).hex(), "skeyidD": skeyid_d.hex(), "skeyidA": skeyid_a.hex(), "skeyidE": skeyid_e.hex(),
        "encKey": enc_key.hex(), "hashI": hash_i.hex(), "hashR": hash_r.hex(), "iv0": iv0.hex(),
        "qmMid": mid, "qmNi": qm_ni.hex(), "qmNr": qm_nr.hex(), "qm1Rest": qm1_rest.hex(), "qm2Rest": qm2_rest.hex(),
        "hash1": hash1.hex(), "hash2": hash2.hex(), "hash3": hash3.hex(),
        "infoMid": info_mid, "infoRest": info_rest.hex(), "infoHash": info_hash.hex(),
        "spiIn": spi_in, "spiOut": spi_out, "encLen": enc_len, "authLen": auth_len,
        "keymatIn": keymat(h, skeyid_d, 3, spi_in, qm_ni, qm_nr, enc_len + auth_len).hex(),
        "keymatOut": keymat(h, skeyid_d, 3, spi_out, qm_ni, qm_nr, enc_len + auth_len).hex(),
        "pfsGxy": pfs.hex(),
        "keymatInPfs": keymat(h, skeyid_d, 3, spi_in, qm_ni, qm_nr, enc_len + auth_len, pfs).hex(),
        "keymatOutPfs": keymat(h, skeyid_d, 3, spi_out, qm_ni, qm_nr, enc_len + auth_len, pfs).hex(),
        # long KEYMAT: several PRF blocks (esp-aes-256 + esp-sha512-hmac needs 96 bytes)
        "keymatLong": keymat(h, skeyid_d, 3, spi_in, qm_ni, qm_nr, 96).hex(),
    }
    messages = [
        (0, rnd(label + "/am3", 61)),            # phase 1, ragged: zero padded
        (0x24FDEC96, rnd(label + "/t1", 48)),    # a transaction, block aligned
        (0x24FDEC96, rnd(label + "/t2", 50)),
        (mid, rnd(label + "/q1", 77)),           # a Quick Mode, interleaved with an informational
        (info_mid, rnd(label + "/i1", 33)),
        (mid, rnd(label + "/q2", 64)),
        (mid, rnd(label + "/q3", 24)),
    ]
    chain = cbc_chain(cipher, enc_key, iv0, h, messages)
    if chain is not None:
        vector["messages"] = chain
    return vector


PHASE1 = []
for h in ("md5", "sha1", "sha256"):
    for dh in (DH[0], DH[1]):
        for cipher in ("aes128", "aes256", "3des", "des"):
            PHASE1.append(phase1_vector(h, dh, cipher, f"{h}-g{dh['group']}-{cipher}"))
# g^xy with a leading zero byte still enters the PRF at full length
PHASE1.append(phase1_vector("sha1", DH[4], "aes256", "sha1-g2short-aes256"))

print(json.dumps({
    "generator": "make_vectors.py (Python standard library; CBC messages via the 'cryptography' package)",
    "modp": [{"group": g, "bits": MODP[g][0], "k": MODP[g][1], "prime": "%X" % PRIMES[g]} for g in MODP],
    "dh": DH,
    "ecp": ECP,
    "phase1": PHASE1,
}, indent=1))
