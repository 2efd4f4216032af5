#!/usr/bin/env python3
"""Writes the hand-made seed inputs of every fuzz target into fuzz/corpus/<target>/.
Run once (fuzz/run.sh does it when a corpus directory is missing); the fuzzer adds to them."""
import base64, hashlib, hmac, json, os, sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "corpus")
KEY = b"latchkey-fuzz-signing-key-0123456789abcdef"


def b64(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def jwt(payload, header='{"alg":"HS256","typ":"JWT"}', key=KEY, alg=hashlib.sha256):
    inp = b64(header.encode()) + "." + b64(payload.encode())
    return inp + "." + b64(hmac.new(key, inp.encode(), alg).digest())


def write(target, items):
    d = os.path.join(root, target)
    os.makedirs(d, exist_ok=True)
    for i, item in enumerate(items):
        if isinstance(item, str):
            item = item.encode("utf-8", "surrogatepass")
        with open(os.path.join(d, "seed-%03d" % i), "wb") as f:
            f.write(item)


now = 1_800_000_000
def claims(tt="access", exp=now + 900, **kw):
    c = {"token_type": tt, "exp": exp, "iat": now, "jti": "0123456789abcdef0123456789abcdef", "user_id": 1}
    c.update(kw)
    return json.dumps(c, separators=(",", ":"))

tokens = [
    jwt(claims()), jwt(claims("refresh", now + 86400)), jwt(claims(exp=now - 1)),
    jwt(claims(user_id="1")), jwt(claims(user_id=None)), jwt(claims(user_id=[1])),
    jwt(claims(exp="soon")), jwt(claims(exp=1e20)), jwt(claims(exp=253402300800)),
    jwt('{"token_type":"access","exp":NaN,"jti":"x","user_id":1}'),
    jwt('{"token_type":"refresh","exp":99999999999999999999999,"jti":"x"}'),
    jwt('{"exp":1800000900,"exp":1,"jti":"\\ud800","user_id":1.5}'),
    jwt("{}"), jwt("[]"), jwt('"x"'), jwt(claims(), header='{"alg":"none"}'),
    jwt(claims(), header='{"alg":"HS512","typ":"JWT"}', alg=hashlib.sha512),
    jwt(claims(), key=b"wrong"), jwt(claims(sub=5, nbf=now + 5)),
    jwt(claims(), header='{"alg":"HS256","typ":"JWT","crit":["x"]}'),
    jwt("[" * 1000 + "]" * 1000),
    "a.b.c", "..", "", "e30.e30.", "eyJhbGciOiJIUzI1NiJ9==.e30=.AAAA", "\xff.\xfe.\xfd",
]
write("tokens", [bytes([i % 4]) + t.encode("utf-8", "surrogatepass") for i, t in enumerate(tokens)])

write("cookies_auth", [
    "access_token=a.b.c", "a=1; access_token=x; access_token=\"y\\073z\"; junk",
    "refresh_token=\"\\377\\000\\\"\\\\\"", "access_token=\"", "=; ;=;;",
    "access_token=1\nrefresh_token=2\naccess_token=3", "Bearer a.b.c", "Bearer", "Bearer a b",
    "bearer x", "Bearer\x0bx", "Token abc", "  Bearer   x  ", b"Bearer \xe9\xff",
    "; ".join("c%d=v" % i for i in range(200)),
])

body = [
    b"\x00{}", b"\x00{\"username\":\"a\",\"password\":\"b\"}", b"\x00[1,2,{\"a\":null}]",
    b"\x00{\"a\": NaN, \"b\": -Infinity, \"c\": 1e999, \"d\": \"\\ud800\"}", b"\x00{\"a\":1,}",
    b"\x00" + b"[" * 1100 + b"]" * 1100, b"\x01\xff\xfe{\x00}\x00", b"\x02\xef\xbb\xbf{}",
    b"\x03{\"\xe9\":1}", b"\x04username=a&password=b%20c&x=%ZZ", b"\x04" + b"&".join(b"a%d=1" % i for i in range(50)),
    b"\x05\x00u\x00=\x001", b"\x06--B\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nalice\r\n--B--\r\n",
    b"\x07--a;b\r\nContent-Disposition: form-data; name=\"x\"; filename=\"f\"\r\nContent-Type: text/plain\r\n\r\nzz\r\n--a;b--",
    b"\x08hello", b"\xfe{}", b"\xffapplication/json; charset=utf-32\n{}",
    b"\xffmultipart/form-data; boundary=\n--\r\n", b"\xffapplication/x-www-form-urlencoded;charset=\"utf-16\"\nab",
    b"\xff\xe9/\xe9; q=1; ;;\n\x00",
]
write("body", body)

write("config", [
    'access_token_lifetime = "5m"\nrefresh_token_lifetime = 86400\nrotate_refresh_tokens = true\n',
    'blacklist_after_rotation = true\nrefresh_reuse_grace = "10s"\n',
    'cors_allowed_origins = ["http://localhost:3000", "https://x.test"]\nallowed_hosts = ["*"]\n',
    '[cookies]\nauth_cookie_samesite = false\n', 'auth_cookie_samesite = "None"\nauth_cookie_secure = true\n',
    'prefix = "/api/auth/"\nport = 0\nhost = "::1"\n', 'signing_key = ""\n', 'port = 70000\n',
    'request_log_size = 0\n', '[[routes]]\npath = "/api/x/"\nstatus = 201\nbody = {a = "{{user.id}}"}\n',
    '[[routes]]\nmethod = "TRACE"\npath = "x"\n', "1h30m", "-5m", "9223372036854775807s", "1w2d3h4m5s",
    'data = "/tmp/x"\nin_memory = true\nseed = "s.json"\nfast_hash = "yes"\n', "a = [\n", "= 1",
])

here = os.path.dirname(os.path.abspath(__file__))
export = open(os.path.join(here, "export.json"), "rb").read()
doc = json.loads(export)
variants = [export, open(os.path.join(here, "export-plain.json"), "rb").read()]
for mutate in [
    lambda d: d.update(version=2), lambda d: d["users"].append(dict(d["users"][0])),
    lambda d: d["settings"].update(port=1), lambda d: d["settings"].update(signing_key="other"),
    lambda d: d["users"][0].update(date_joined="not a date"), lambda d: d["tokens"][0].update(token_type="id"),
    lambda d: d["routes"].append({"id": 9, "method": "TRACE", "path": "/", "status": 200, "body": None}),
    lambda d: d["users"][0].update(username="bad name!"), lambda d: d["blacklist"].append({"jti": "x", "blacklisted_at": -1, "reason": "why"}),
]:
    d = json.loads(export)
    mutate(d)
    variants.append(json.dumps(d).encode())
variants += [
    json.dumps([{"model": "auth.user", "pk": 1, "fields": {"username": "dj", "password": "pbkdf2_sha256$1000000$salt$hash=", "email": "", "is_active": True, "date_joined": "2024-01-01T00:00:00Z"}}]).encode(),
    b'[{"model":"auth.group","pk":1,"fields":{}}]', b"[]", b"{}", b"null", b'{"version":1}',
]
write("import", variants)
