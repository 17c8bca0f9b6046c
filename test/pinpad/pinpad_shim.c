/*
 * PIN-pad reader simulator: a PKCS#11 proxy module over SoftHSM2, for tests only.
 *
 * It loads the real module (PINPAD_TARGET, default /usr/lib/softhsm/libsofthsm2.so), copies its
 * CK_FUNCTION_LIST and overrides a few entries:
 *
 *   C_GetTokenInfo  adds CKF_PROTECTED_AUTHENTICATION_PATH (unless PINPAD_FLAG=0) and, when
 *                   PINPAD_RETRIES=N is set, reports simulated PIN counter flags
 *                   (CKF_USER_PIN_COUNT_LOW / _FINAL_TRY / _LOCKED) — SoftHSM2 has no lockout.
 *   C_Login         CKU_USER with a NULL or empty PIN = "the user types on the keypad": sleeps
 *                   PINPAD_DELAY_MS (default 500), then returns CKR_FUNCTION_CANCELED when
 *                   PINPAD_CANCEL=1, else logs in to SoftHSM2 with PINPAD_PIN (default 123456).
 *                   With PINPAD_RETRIES=N a wrong PIN counts down N tries per slot; at 0 the
 *                   slot is locked (CKR_PIN_LOCKED) until the process ends. A correct PIN resets.
 *   C_GetSlotList,  when the file named by PINPAD_REMOVED_FILE exists the card is "pulled":
 *   C_SignInit,     no token is present and calls on open sessions return CKR_DEVICE_REMOVED /
 *   C_Sign, ...     CKR_TOKEN_NOT_PRESENT.
 *
 * Middleware quirks seen on real cards, to test the bridge's fallbacks:
 *   PINPAD_NO_SHA256_RSA=1  CKM_SHA256_RSA_PKCS is not offered (mechanism list, C_SignInit), so
 *                           the caller must use CKM_RSA_PKCS over a DigestInfo.
 *   PINPAD_ECDSA_DER=1      CKM_ECDSA returns a DER ECDSA-Sig-Value instead of r||s.
 *
 * Environment is read at each call, so a test can change it between calls.
 * Build: test/pinpad/build.mjs (gcc -shared -fPIC, headers from libp11-kit-dev).
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <errno.h>
#include <pthread.h>
#include <p11-kit/pkcs11.h>

static CK_FUNCTION_LIST real_list_copy;
static CK_FUNCTION_LIST_PTR real = NULL;
static CK_FUNCTION_LIST shim_list;
static void *real_handle = NULL;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

#define MAX_SLOTS 32
static struct { CK_SLOT_ID slot; int failures; int used; } counters[MAX_SLOTS];

static const char *env_or(const char *name, const char *def) {
  const char *v = getenv(name);
  return (v && *v) ? v : def;
}

static int removed(void) {
  const char *f = getenv("PINPAD_REMOVED_FILE");
  if (!f || !*f) return 0;
  FILE *fp = fopen(f, "r");
  if (!fp) return 0;
  fclose(fp);
  return 1;
}

static int max_retries(void) {
  const char *v = getenv("PINPAD_RETRIES");
  if (!v || !*v) return 0;
  return atoi(v);
}

static int *failures_for(CK_SLOT_ID slot) {
  int i;
  for (i = 0; i < MAX_SLOTS; i++) if (counters[i].used && counters[i].slot == slot) return &counters[i].failures;
  for (i = 0; i < MAX_SLOTS; i++) if (!counters[i].used) {
    counters[i].used = 1; counters[i].slot = slot; counters[i].failures = 0;
    return &counters[i].failures;
  }
  return &counters[0].failures;
}

static void sleep_ms(long ms) {
  struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
  while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {}
}

static CK_RV shim_GetSlotList(CK_BBOOL present, CK_SLOT_ID_PTR list, CK_ULONG_PTR count) {
  if (present && removed()) { *count = 0; return CKR_OK; }
  return real->C_GetSlotList(present, list, count);
}

static CK_RV shim_GetTokenInfo(CK_SLOT_ID slot, CK_TOKEN_INFO_PTR info) {
  if (removed()) return CKR_TOKEN_NOT_PRESENT;
  CK_RV rv = real->C_GetTokenInfo(slot, info);
  if (rv != CKR_OK) return rv;
  if (strcmp(env_or("PINPAD_FLAG", "1"), "0") != 0) info->flags |= CKF_PROTECTED_AUTHENTICATION_PATH;
  int max = max_retries();
  if (max > 0) {
    pthread_mutex_lock(&lock);
    int f = *failures_for(slot);
    pthread_mutex_unlock(&lock);
    info->flags &= ~(CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY | CKF_USER_PIN_LOCKED);
    if (f >= max) info->flags |= CKF_USER_PIN_LOCKED;
    else if (max - f == 1) info->flags |= CKF_USER_PIN_FINAL_TRY | (f > 0 ? CKF_USER_PIN_COUNT_LOW : 0);
    else if (f > 0) info->flags |= CKF_USER_PIN_COUNT_LOW;
  }
  return CKR_OK;
}

static CK_RV shim_Login(CK_SESSION_HANDLE session, CK_USER_TYPE user, CK_UTF8CHAR_PTR pin, CK_ULONG pin_len) {
  if (removed()) return CKR_DEVICE_REMOVED;
  if (user != CKU_USER) return real->C_Login(session, user, pin, pin_len);
  CK_SESSION_INFO si;
  CK_RV rv = real->C_GetSessionInfo(session, &si);
  if (rv != CKR_OK) return rv;
  int max = max_retries();
  if (max > 0) {
    pthread_mutex_lock(&lock);
    int locked = *failures_for(si.slotID) >= max;
    pthread_mutex_unlock(&lock);
    if (locked) return CKR_PIN_LOCKED;
  }
  if (pin == NULL || pin_len == 0) {
    /* the keypad: the user takes a while, then types or presses cancel */
    sleep_ms(atol(env_or("PINPAD_DELAY_MS", "500")));
    if (strcmp(env_or("PINPAD_CANCEL", "0"), "1") == 0) return CKR_FUNCTION_CANCELED;
    const char *typed = env_or("PINPAD_PIN", "123456");
    rv = real->C_Login(session, user, (CK_UTF8CHAR_PTR)typed, (CK_ULONG)strlen(typed));
  } else {
    rv = real->C_Login(session, user, pin, pin_len);
  }
  if (max > 0) {
    pthread_mutex_lock(&lock);
    int *f = failures_for(si.slotID);
    if (rv == CKR_PIN_INCORRECT) (*f)++;
    else if (rv == CKR_OK || rv == CKR_USER_ALREADY_LOGGED_IN) *f = 0;
    pthread_mutex_unlock(&lock);
  }
  return rv;
}

static int env_on(const char *name) {
  return strcmp(env_or(name, "0"), "1") == 0;
}

/* last C_SignInit mechanism per session (for the DER quirk) */
static struct { CK_SESSION_HANDLE s; CK_MECHANISM_TYPE m; int used; } sign_mech[64];

static void remember_mech(CK_SESSION_HANDLE s, CK_MECHANISM_TYPE m) {
  int i, free_i = -1;
  pthread_mutex_lock(&lock);
  for (i = 0; i < 64; i++) {
    if (sign_mech[i].used && sign_mech[i].s == s) { sign_mech[i].m = m; pthread_mutex_unlock(&lock); return; }
    if (!sign_mech[i].used && free_i < 0) free_i = i;
  }
  if (free_i < 0) free_i = 0;
  sign_mech[free_i].used = 1; sign_mech[free_i].s = s; sign_mech[free_i].m = m;
  pthread_mutex_unlock(&lock);
}

static CK_MECHANISM_TYPE last_mech(CK_SESSION_HANDLE s) {
  int i;
  CK_MECHANISM_TYPE m = (CK_MECHANISM_TYPE)-1;
  pthread_mutex_lock(&lock);
  for (i = 0; i < 64; i++) if (sign_mech[i].used && sign_mech[i].s == s) m = sign_mech[i].m;
  pthread_mutex_unlock(&lock);
  return m;
}

static CK_RV shim_GetMechanismList(CK_SLOT_ID slot, CK_MECHANISM_TYPE_PTR list, CK_ULONG_PTR count) {
  if (removed()) return CKR_TOKEN_NOT_PRESENT;
  CK_RV rv = real->C_GetMechanismList(slot, list, count);
  if (rv != CKR_OK || !list || !env_on("PINPAD_NO_SHA256_RSA")) return rv;
  CK_ULONG i, j = 0;
  for (i = 0; i < *count; i++) if (list[i] != CKM_SHA256_RSA_PKCS) list[j++] = list[i];
  *count = j;
  return rv;
}

static CK_RV shim_SignInit(CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE k) {
  if (removed()) return CKR_DEVICE_REMOVED;
  if (m && m->mechanism == CKM_SHA256_RSA_PKCS && env_on("PINPAD_NO_SHA256_RSA")) return CKR_MECHANISM_INVALID;
  CK_RV rv = real->C_SignInit(s, m, k);
  if (rv == CKR_OK && m) remember_mech(s, m->mechanism);
  return rv;
}

/* appends DER INTEGER of the unsigned big-endian v[0..n) to out; returns bytes written */
static size_t der_int(const CK_BYTE *v, size_t n, CK_BYTE *out) {
  size_t i = 0, o = 0;
  while (i < n - 1 && v[i] == 0) i++;
  int pad = (v[i] & 0x80) != 0;
  size_t len = n - i + (size_t)pad;
  out[o++] = 0x02;
  out[o++] = (CK_BYTE)len;
  if (pad) out[o++] = 0;
  memcpy(out + o, v + i, n - i);
  return o + (n - i);
}

static CK_RV shim_Sign(CK_SESSION_HANDLE s, CK_BYTE_PTR d, CK_ULONG dl, CK_BYTE_PTR sig, CK_ULONG_PTR sl) {
  if (removed()) return CKR_DEVICE_REMOVED;
  if (!(env_on("PINPAD_ECDSA_DER") && last_mech(s) == CKM_ECDSA)) return real->C_Sign(s, d, dl, sig, sl);
  CK_BYTE raw[200], body[220];
  CK_ULONG rawlen = sizeof raw;
  if (sig == NULL) { *sl = 2 * 66 + 12; return CKR_OK; } /* size query: an upper bound, as the spec allows */
  CK_RV rv = real->C_Sign(s, d, dl, raw, &rawlen);
  if (rv != CKR_OK) return rv;
  size_t half = rawlen / 2, bl = 0;
  bl += der_int(raw, half, body + bl);
  bl += der_int(raw + half, half, body + bl);
  size_t total = bl + (bl < 128 ? 2 : 3);
  if (*sl < total) { *sl = total; return CKR_BUFFER_TOO_SMALL; }
  size_t o = 0;
  sig[o++] = 0x30;
  if (bl >= 128) sig[o++] = 0x81;
  sig[o++] = (CK_BYTE)bl;
  memcpy(sig + o, body, bl);
  *sl = total;
  return CKR_OK;
}

static CK_RV shim_OpenSession(CK_SLOT_ID slot, CK_FLAGS flags, CK_VOID_PTR app, CK_NOTIFY notify, CK_SESSION_HANDLE_PTR s) {
  if (removed()) return CKR_TOKEN_NOT_PRESENT;
  return real->C_OpenSession(slot, flags, app, notify, s);
}

static CK_RV load_real(void) {
  if (real) return CKR_OK;
  const char *target = env_or("PINPAD_TARGET", "/usr/lib/softhsm/libsofthsm2.so");
  real_handle = dlopen(target, RTLD_NOW | RTLD_LOCAL);
  if (!real_handle) {
    fprintf(stderr, "pinpad shim: cannot load %s: %s\n", target, dlerror());
    return CKR_GENERAL_ERROR;
  }
  CK_C_GetFunctionList gfl = (CK_C_GetFunctionList)dlsym(real_handle, "C_GetFunctionList");
  if (!gfl) return CKR_GENERAL_ERROR;
  CK_FUNCTION_LIST_PTR list = NULL;
  CK_RV rv = gfl(&list);
  if (rv != CKR_OK) return rv;
  memcpy(&real_list_copy, list, sizeof real_list_copy);
  real = &real_list_copy;
  memcpy(&shim_list, list, sizeof shim_list);
  shim_list.C_GetFunctionList = C_GetFunctionList;
  shim_list.C_GetSlotList = shim_GetSlotList;
  shim_list.C_GetTokenInfo = shim_GetTokenInfo;
  shim_list.C_Login = shim_Login;
  shim_list.C_SignInit = shim_SignInit;
  shim_list.C_Sign = shim_Sign;
  shim_list.C_OpenSession = shim_OpenSession;
  shim_list.C_GetMechanismList = shim_GetMechanismList;
  return CKR_OK;
}

CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR out) {
  if (!out) return CKR_ARGUMENTS_BAD;
  pthread_mutex_lock(&lock);
  CK_RV rv = load_real();
  pthread_mutex_unlock(&lock);
  if (rv != CKR_OK) return rv;
  *out = &shim_list;
  return CKR_OK;
}
