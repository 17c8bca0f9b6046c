#!/bin/bash
# Checks run INSIDE the clean root by packaging/test/install-test.sh (as root there; the product runs as user
# "accountant"). Prints PASS/FAIL per check and a summary; exit code = number of failures (0 = all passed).
set -u
export DEBIAN_FRONTEND=noninteractive
cd /tmp/it
FAILS=0
PASSES=0
pass() { PASSES=$((PASSES + 1)); printf 'PASS  %s\n' "$*"; }
fail() { FAILS=$((FAILS + 1)); printf 'FAIL  %s\n' "$*"; }
check() { local name=$1; shift; if "$@"; then pass "$name"; else fail "$name"; fi; }
step() { printf '\n== %s\n' "$*"; }
as_user() { runuser -u accountant -- env HOME=/home/accountant "$@"; }
bridge_pids() {
  for d in /proc/[0-9]*; do
    tr '\0' ' ' < "$d/cmdline" 2>/dev/null | grep -q '^/usr/bin/edefter bridge\|^edefter bridge' && echo "${d#/proc/}"
  done
  return 0
}

step "apt-get install ./$(ls edefter_*.deb)"
apt-get update -qq >/dev/null 2>&1 || apt-get update
before=$(dpkg-query -W -f '${Package}\n' | sort)
if apt-get install -y -q ./edefter_*.deb > apt-install.log 2>&1; then pass "apt-get install ./edefter_*.deb"; else fail "apt-get install"; cat apt-install.log; fi
echo "packages the .deb pulled in: $(comm -13 <(echo "$before") <(dpkg-query -W -f '${Package}\n' | sort) | tr '\n' ' ')"
check "no Node.js on the system (the binary bundles it)" bash -c '! command -v node >/dev/null && ! command -v nodejs >/dev/null'
check "/usr/bin/edefter, host wrapper, manifests and user unit installed" test -x /usr/bin/edefter -a -x /usr/lib/edefter/edefter-native-host \
  -a -f /etc/chromium/native-messaging-hosts/tr.edefter.bridge.json -a -f /etc/opt/chrome/native-messaging-hosts/tr.edefter.bridge.json \
  -a -f /usr/lib/mozilla/native-messaging-hosts/tr.edefter.bridge.json -a -f /usr/lib/systemd/user/edefter-bridge.service
check "user unit enabled for all users" test -L /etc/systemd/user/default.target.wants/edefter-bridge.service
echo "binary: $(stat -c %s /usr/bin/edefter) bytes"
if [ -d /usr/share/edefter ]; then
  echo "shipped in /usr/share/edefter: $(cd /usr/share/edefter && find . -type f | sort | tr '\n' ' ')"
  check "extension release builds shipped with their checksums" bash -c 'cd /usr/share/edefter/extension && sha256sum -c --quiet SHA256SUMS'
fi

step "edefter --version, doctor"
useradd -m -s /bin/bash accountant
v=$(as_user edefter --version); echo "edefter --version: $v"
check "edefter --version prints a version" bash -c "[[ '$v' =~ ^[0-9]+\.[0-9]+\.[0-9]+ ]]"
as_user edefter doctor > doctor.log 2>&1; rc=$?
cat doctor.log
check "edefter doctor runs to its summary (exit $rc; no token yet, GİB unreachable here)" grep -qE 'hata|error|TAMAM|OK' doctor.log
check "assets extracted to the versioned cache folder, 0700" bash -c \
  '[ "$(stat -c %a /home/accountant/.cache/edefter/'"$v"'-*/ | head -1)" = 700 ]'

step "SoftHSM token made here (test only: softhsm2, openssl, curl)"
apt-get install -y -q --no-install-recommends softhsm2 openssl curl > apt-test-tools.log 2>&1 || { cat apt-test-tools.log; fail "test tools"; }
MOD=/usr/lib/softhsm/libsofthsm2.so
as_user bash -e -c '
  cd ~ && mkdir -p softhsm/tokens pki
  printf "directories.tokendir = %s/softhsm/tokens\nobjectstore.backend = file\n" "$HOME" > softhsm/softhsm2.conf
  export SOFTHSM2_CONF=$HOME/softhsm/softhsm2.conf
  softhsm2-util --init-token --free --label "KURULUM TEST MUHUR" --pin 111222 --so-pin 333444 >/dev/null
  cd pki
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-384 -nodes -keyout ca.key -out ca.pem -days 30 \
    -subj "/C=TR/O=Kurulum Testi/CN=Kurulum Testi Kok SM" -addext basicConstraints=critical,CA:TRUE \
    -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-384 -nodes -keyout leaf.key -out leaf.csr \
    -subj "/C=TR/O=DEMO TICARET A.S./serialNumber=6090408038/CN=DEMO TICARET A.S." 2>/dev/null
  printf "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n" > leaf.ext
  openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 -sha384 -extfile leaf.ext -out leaf.pem 2>/dev/null
  openssl pkcs8 -topk8 -nocrypt -in leaf.key -outform DER -out leaf.p8
  openssl x509 -in leaf.pem -outform DER -out leaf.der
  pkcs11-tool --module '"$MOD"' --login --pin 111222 --write-object leaf.p8 --type privkey --id 01 --label "MUHUR EC" >/dev/null
  pkcs11-tool --module '"$MOD"' --login --pin 111222 --write-object leaf.der --type cert --id 01 --label "MUHUR EC" >/dev/null
' > token.log 2>&1 && pass "token with a CA-issued mali mühür certificate (EC P-384) made with softhsm2-util, openssl, pkcs11-tool" \
  || { cat token.log; fail "token setup"; }
cat > /home/accountant/env.sh <<'EOF'
export SOFTHSM2_CONF=$HOME/softhsm/softhsm2.conf
EOF
chown accountant: /home/accountant/env.sh
as_user bash -c '. ~/env.sh; edefter token list' > token-list.log 2>&1; cat token-list.log
check "edefter token list sees the token through PKCS#11" grep -q "KURULUM TEST MUHUR" token-list.log

step "edefter sign + verify of a small journal"
install -o accountant -m 0644 6090408038-202610-Y-000000.src.xml /home/accountant/in.xml
as_user bash -c '. ~/env.sh; cd ~; EDEFTER_PIN=111222 edefter sign in.xml -o 6090408038-202610-Y-000000.xml --token "KURULUM TEST MUHUR"' > sign.log 2>&1
rc=$?; tail -4 sign.log
check "edefter sign (exit $rc)" test "$rc" = 0
as_user bash -c '. ~/env.sh; cd ~; edefter verify 6090408038-202610-Y-000000.xml --trust pki/ca.pem' > verify.log 2>&1
rc=$?; tail -3 verify.log
check "edefter verify: signature valid (exit $rc)" bash -c "[ $rc = 0 ] && grep -q 'SIGNATURE VALID' verify.log"
as_user bash -c 'cd ~; sed "0,/<gl-cor:amount[^>]*>[0-9]/s/\(<gl-cor:amount[^>]*>\)\([0-9]\)/\1\29/" 6090408038-202610-Y-000000.xml > changed.xml'
as_user bash -c '. ~/env.sh; cd ~; edefter verify changed.xml --trust pki/ca.pem' > verify-changed.log 2>&1
check "edefter verify refuses a changed amount" test $? != 0

step "bridge (started directly: systemd cannot run in a chroot) answers /status"
as_user bash -c '. ~/env.sh; cd ~; exec edefter bridge --port 0 --trust-on-first-start' > bridge.log 2>&1 &
port=""
for _ in $(seq 1 150); do
  port=$(grep -oE 'https://127\.0\.0\.1:[0-9]+/' bridge.log | head -1 | grep -oE '[0-9]+/$' | tr -d /)
  [ -n "$port" ] && break
  sleep 0.2
done
cat bridge.log
ca=$(grep -oE '(/[^ ]+)/ca\.pem' bridge.log | head -1)
status=$(curl -sS --cacert "$ca" "https://127.0.0.1:${port:-1}/status" 2>&1)
echo "/status: $status"
check "bridge answers https://127.0.0.1:$port/status with its name and version over its own CA" \
  bash -c "echo '$status' | grep -q '\"name\":\"edefter-bridge\"' && echo '$status' | grep -q '\"version\":\"$v\"'"
check "first start added the CA to the user's NSS database (certutil)" \
  bash -c "runuser -u accountant -- certutil -d sql:/home/accountant/.pki/nssdb -L | grep -qi edefter"
printf '\002\000\000\000{}' | as_user /usr/lib/edefter/edefter-native-host chrome-extension://gkoelngkgfgdhbllmnfnphadnnmicfdj/ > host.out 2>host.err
echo "native host reply: $(tail -c +5 host.out)"
check "native host (browser's entry) answers a framed refusal for a bad message" grep -q '"ok":false' host.out
msg='{"t":"pair","installId":"0123456789abcdef0123456789abcdef","browser":"chrome","extensionOrigin":"chrome-extension://gkoelngkgfgdhbllmnfnphadnnmicfdj"}'
{ printf "\\x$(printf %02x ${#msg})\\x00\\x00\\x00"; printf '%s' "$msg"; } \
  | as_user /usr/lib/edefter/edefter-native-host chrome-extension://gkoelngkgfgdhbllmnfnphadnnmicfdj/ > pair.out 2>pair.err
echo "native host pairing reply: $(tail -c +5 pair.out | sed 's/"secret":"[^"]*"/"secret":"…"/')"
check "pairing through the native host and the local channel (peer check with ss): the bridge returns a secret" \
  grep -q '"ok":true,"secret":"' pair.out
echo "bridge processes before remove: $(bridge_pids | tr '\n' ' ')"

step "apt remove: no bridge left running"
apt-get remove -y -q edefter > apt-remove.log 2>&1 && pass "apt-get remove edefter" || { cat apt-remove.log; fail "apt-get remove"; }
sleep 0.5
left=$(bridge_pids)
check "no bridge process after remove (left: ${left:-none})" test -z "$left"
check "binary gone, unit link gone" test ! -e /usr/bin/edefter -a ! -e /etc/systemd/user/default.target.wants/edefter-bridge.service
check "Chromium/Chrome manifests kept until purge (conffiles)" test -f /etc/chromium/native-messaging-hosts/tr.edefter.bridge.json

step "apt purge: manifests gone"
apt-get purge -y -q edefter > apt-purge.log 2>&1 && pass "apt-get purge edefter" || { cat apt-purge.log; fail "apt-get purge"; }
check "no host manifest left (Chromium, Chrome, Firefox)" test ! -e /etc/chromium/native-messaging-hosts/tr.edefter.bridge.json \
  -a ! -e /etc/opt/chrome/native-messaging-hosts/tr.edefter.bridge.json -a ! -e /usr/lib/mozilla/native-messaging-hosts/tr.edefter.bridge.json
check "dpkg knows no edefter" bash -c '! dpkg-query -W edefter >/dev/null 2>&1'

printf '\n== SUMMARY: %d passed, %d failed — %s\n' "$PASSES" "$FAILS" "$([ "$FAILS" = 0 ] && echo PASS || echo FAIL)"
exit "$FAILS"
