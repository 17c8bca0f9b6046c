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

static CK_RV shim_SignInit(CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE k) {
  if (removed()) return CKR_DEVICE_REMOVED;
  return real->C_SignInit(s, m, k);
}

static CK_RV shim_Sign(CK_SESSION_HANDLE s, CK_BYTE_PTR d, CK_ULONG dl, CK_BYTE_PTR sig, CK_ULONG_PTR sl) {
  if (removed()) return CKR_DEVICE_REMOVED;
  return real->C_Sign(s, d, dl, sig, sl);
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
