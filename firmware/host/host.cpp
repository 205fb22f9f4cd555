// Host shim: runs a Zharys sketch on Linux/macOS (see Arduino.h and firmware/README.md).
//
//   build/firmware/timer_console /dev/pts/7
//
// main() opens the serial file (raw, non-blocking), calls setup(), then loop() about every
// 0.5 ms. Between two loop() calls it applies scheduled pin changes (calling an attached
// interrupt routine on a matching edge, like the hardware would) and the control lines
// read from stdin. End of stdin, `quit` or a closed serial line ends the program.
#include <Arduino.h>
#include <LiquidCrystal.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

HostSerial Serial;

namespace {

int serialFd = -1;
struct timespec started;

uint8_t levels[HOST_PINS];
uint8_t modes[HOST_PINS];
void (*isrs[2])() = {nullptr, nullptr};
int isrModes[2] = {0, 0};

struct Name {
    char name[24];
    uint8_t pin;
};
Name names[32];
int nameCount = 0;

struct Change {
    unsigned long at;
    uint8_t pin;
    uint8_t level;
};
Change schedule[512];
int scheduled = 0;

LiquidCrystal* lcds[2] = {nullptr, nullptr};

[[noreturn]] void finish(int code) {
    fflush(stdout);
    _exit(code);
}

void setLevel(uint8_t pin, uint8_t level) {
    if (pin >= HOST_PINS) return;
    uint8_t old = levels[pin];
    levels[pin] = level ? HIGH : LOW;
    int irq = digitalPinToInterrupt(pin);
    if (old == levels[pin] || irq == NOT_AN_INTERRUPT || isrs[irq] == nullptr) return;
    int mode = isrModes[irq];
    if (mode == CHANGE || (mode == FALLING && level == LOW) || (mode == RISING && level == HIGH))
        isrs[irq]();
}

void at(unsigned long when, uint8_t pin, uint8_t level) {
    if (scheduled < (int)(sizeof schedule / sizeof schedule[0]))
        schedule[scheduled++] = Change{when, pin, level};
}

void applySchedule() {
    unsigned long now = millis();
    // In order of time; the list is short.
    for (;;) {
        int first = -1;
        for (int i = 0; i < scheduled; i++) {
            if (schedule[i].at <= now && (first < 0 || schedule[i].at < schedule[first].at))
                first = i;
        }
        if (first < 0) return;
        Change c = schedule[first];
        schedule[first] = schedule[--scheduled];
        setLevel(c.pin, c.level);
    }
}

int pinOf(const char* word) {
    for (int i = 0; i < nameCount; i++) {
        if (strcmp(names[i].name, word) == 0) return names[i].pin;
    }
    if (word[0] == 'A' && word[1] >= '0' && word[1] <= '5' && word[2] == '\0')
        return 14 + (word[1] - '0');
    char* end;
    long n = strtol(word, &end, 10);
    if (*word != '\0' && *end == '\0' && n >= 0 && n < HOST_PINS) return (int)n;
    return -1;
}

int levelOf(const char* word) {
    if (!strcmp(word, "low") || !strcmp(word, "LOW") || !strcmp(word, "0")) return LOW;
    if (!strcmp(word, "high") || !strcmp(word, "HIGH") || !strcmp(word, "1")) return HIGH;
    return -1;
}

void command(char* line) {
    char* words[6] = {nullptr};
    int n = 0;
    for (char* w = strtok(line, " \t\r"); w && n < 6; w = strtok(nullptr, " \t\r")) words[n++] = w;
    if (n == 0) return;
    const char* cmd = words[0];
    unsigned long now = millis();
    int pin = n > 1 ? pinOf(words[1]) : -1;
    long arg = n > 2 ? strtol(words[2], nullptr, 10) : -1;

    if (!strcmp(cmd, "quit") || !strcmp(cmd, "exit")) {
        finish(0);
    } else if (!strcmp(cmd, "millis")) {
        hostReport("MILLIS %lu", now);
    } else if (!strcmp(cmd, "screen")) {
        LiquidCrystal::dumpAll();
    } else if (pin < 0) {
        hostReport("ERROR unknown pin or command: %s%s%s", cmd, n > 1 ? " " : "",
                   n > 1 ? words[1] : "");
    } else if (!strcmp(cmd, "press")) {  // a button to ground: LOW for 80 ms (or arg ms)
        setLevel((uint8_t)pin, LOW);
        at(now + (arg > 0 ? (unsigned long)arg : 80), (uint8_t)pin, HIGH);
    } else if (!strcmp(cmd, "pin") && n > 2 && levelOf(words[2]) >= 0) {
        setLevel((uint8_t)pin, (uint8_t)levelOf(words[2]));
    } else if (!strcmp(cmd, "pulse")) {  // n beam breaks: LOW 20 ms, HIGH 40 ms
        long count = arg > 0 ? arg : 1;
        long low = n > 3 ? strtol(words[3], nullptr, 10) : 20;
        long high = n > 4 ? strtol(words[4], nullptr, 10) : 40;
        for (long i = 0; i < count; i++) {
            at(now + i * (low + high), (uint8_t)pin, LOW);
            at(now + i * (low + high) + low, (uint8_t)pin, HIGH);
        }
        applySchedule();
    } else if (!strcmp(cmd, "estop") && n > 2) {  // normally-closed to ground: pressed = HIGH
        setLevel((uint8_t)pin, arg ? HIGH : LOW);
    } else if (!strcmp(cmd, "beam") && n > 2) {  // receiver pulls LOW while the beam is broken
        setLevel((uint8_t)pin, arg ? LOW : HIGH);
    } else {
        hostReport("ERROR bad command: %s", cmd);
    }
}

void readControl() {
    static char line[256];
    static size_t used = 0;
    char chunk[256];
    ssize_t got = read(STDIN_FILENO, chunk, sizeof chunk);
    if (got == 0) finish(0);  // stdin closed: the test (or the terminal) went away
    if (got < 0) return;
    for (ssize_t i = 0; i < got; i++) {
        if (chunk[i] == '\n') {
            line[used] = '\0';
            command(line);
            used = 0;
        } else if (used < sizeof line - 1) {
            line[used++] = chunk[i];
        }
    }
}

}  // namespace

// ---------------------------------------------------------------- Arduino API

unsigned long millis() { return micros() / 1000UL; }

unsigned long micros() {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long long us = (long long)(now.tv_sec - started.tv_sec) * 1000000LL +
                   (now.tv_nsec - started.tv_nsec) / 1000;
    return (unsigned long)(uint32_t)us;  // wraps like the board's 32-bit counter
}

void delay(unsigned long ms) { usleep((useconds_t)ms * 1000); }
void delayMicroseconds(unsigned int us) { usleep(us); }

void pinMode(uint8_t pin, uint8_t mode) {
    if (pin < HOST_PINS) modes[pin] = mode;
}

int digitalRead(uint8_t pin) { return pin < HOST_PINS ? levels[pin] : LOW; }

void digitalWrite(uint8_t pin, uint8_t value) {
    if (pin < HOST_PINS) levels[pin] = value ? HIGH : LOW;
}

void attachInterrupt(int interrupt, void (*isr)(), int mode) {
    if (interrupt < 0 || interrupt > 1) return;
    isrs[interrupt] = isr;
    isrModes[interrupt] = mode;
}

void detachInterrupt(int interrupt) {
    if (interrupt >= 0 && interrupt <= 1) isrs[interrupt] = nullptr;
}

void tone(uint8_t pin, unsigned int, unsigned long) { digitalWrite(pin, HIGH); }
void noTone(uint8_t pin) { digitalWrite(pin, LOW); }

size_t Print::print(unsigned long v) {
    char buf[24];
    snprintf(buf, sizeof buf, "%lu", v);
    return write(buf);
}

void HostSerial::begin(unsigned long) {}

void HostSerial::fill() {
    for (;;) {
        size_t used = (tail_ + sizeof buf_ - head_) % sizeof buf_;
        size_t room = sizeof buf_ - 1 - used;  // one byte free: head_ == tail_ means empty
        if (room == 0) return;
        uint8_t chunk[sizeof buf_];
        ssize_t got = ::read(serialFd, chunk, room);
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return;
        if (got <= 0) {
            fprintf(stderr, "serial line closed\n");  // 0 or EIO: the other side hung up
            finish(0);
        }
        for (ssize_t i = 0; i < got; i++) {
            buf_[tail_] = chunk[i];
            tail_ = (tail_ + 1) % sizeof buf_;
        }
    }
}

int HostSerial::available() {
    fill();
    return (int)((tail_ + sizeof buf_ - head_) % sizeof buf_);
}

int HostSerial::read() {
    if (available() == 0) return -1;
    uint8_t b = buf_[head_];
    head_ = (head_ + 1) % sizeof buf_;
    return b;
}

int HostSerial::peek() { return available() ? buf_[head_] : -1; }

size_t HostSerial::write(uint8_t b) { return write(&b, 1); }

size_t HostSerial::write(const uint8_t* buffer, size_t size) {
    size_t done = 0;
    while (done < size) {
        ssize_t n = ::write(serialFd, buffer + done, size - done);
        if (n > 0) {
            done += (size_t)n;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
            struct pollfd p = {serialFd, POLLOUT, 0};
            poll(&p, 1, 100);
        } else {
            fprintf(stderr, "serial line closed\n");
            finish(0);
        }
    }
    return done;
}

// ---------------------------------------------------------------- LiquidCrystal stub

LiquidCrystal::LiquidCrystal(uint8_t, uint8_t, uint8_t, uint8_t, uint8_t, uint8_t) {
    memset(text_, ' ', sizeof text_);
    for (int i = 0; i < 2; i++) {
        if (!lcds[i]) {
            lcds[i] = this;
            break;
        }
    }
}

void LiquidCrystal::begin(uint8_t cols, uint8_t rows) {
    cols_ = cols > 40 ? 40 : cols;
    rows_ = rows > 4 ? 4 : rows;
    clear();
}

void LiquidCrystal::clear() {
    memset(text_, ' ', sizeof text_);
    col_ = row_ = 0;
}

void LiquidCrystal::setCursor(uint8_t col, uint8_t row) {
    col_ = col;
    row_ = row < rows_ ? row : (uint8_t)(rows_ - 1);
}

size_t LiquidCrystal::write(uint8_t b) {
    if (col_ < cols_) text_[row_][col_] = (char)b;
    col_++;
    return 1;
}

void LiquidCrystal::dumpAll() {
    for (LiquidCrystal* lcd : lcds) {
        if (!lcd) continue;
        for (int r = 0; r < lcd->rows_; r++) {
            hostReport("SCREEN |%.*s|", (int)lcd->cols_, lcd->text_[r]);
        }
    }
}

// ---------------------------------------------------------------- host only

void hostNamePin(const char* name, uint8_t pin, uint8_t level) {
    if (nameCount < (int)(sizeof names / sizeof names[0])) {
        snprintf(names[nameCount].name, sizeof names[0].name, "%s", name);
        names[nameCount++].pin = pin;
    }
    if (pin < HOST_PINS) levels[pin] = level ? HIGH : LOW;
}

void hostReport(const char* format, ...) {
    va_list args;
    va_start(args, format);
    vprintf(format, args);
    va_end(args);
    putchar('\n');
    fflush(stdout);
}

int main(int argc, char** argv) {
    if (argc != 2) {
        fprintf(stderr,
                "usage: %s SERIAL_PATH   (e.g. a pty slave /dev/pts/N)\n"
                "stdin: press NAME [ms] | pin PIN|NAME low|high | pulse NAME N [low_ms high_ms]"
                " | estop NAME 0|1 | beam NAME 0|1 | millis | screen | quit\n",
                argv[0]);
        return 2;
    }
    clock_gettime(CLOCK_MONOTONIC, &started);
    serialFd = open(argv[1], O_RDWR | O_NOCTTY | O_NONBLOCK);
    if (serialFd < 0) {
        perror(argv[1]);
        return 1;
    }
    if (isatty(serialFd)) {  // raw 8N1: no echo, no \n -> \r\n, no line editing
        struct termios tio;
        if (tcgetattr(serialFd, &tio) == 0) {
            cfmakeraw(&tio);
            cfsetispeed(&tio, B115200);
            cfsetospeed(&tio, B115200);
            tcsetattr(serialFd, TCSANOW, &tio);
        }
    }
    fcntl(STDIN_FILENO, F_SETFL, fcntl(STDIN_FILENO, F_GETFL) | O_NONBLOCK);
    // Idle inputs read HIGH (pull-ups); hostNamePin() in setup() sets other levels.
    for (int i = 0; i < HOST_PINS; i++) levels[i] = HIGH;
    setup();
    for (;;) {
        applySchedule();
        readControl();
        loop();
        usleep(500);
    }
}
