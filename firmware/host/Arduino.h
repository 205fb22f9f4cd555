// Host shim: the part of the Arduino API the Zharys sketches use, for a Linux/macOS build
// with g++ (see host.cpp and firmware/README.md). Not for the boards themselves.
//
//   ./timer_console /dev/pts/7        the serial port is that file (a pty slave, a tty)
//
// Serial reads and writes that file; stdin takes control lines (press start, pin 3 low,
// pulse red_high 5, estop red1 1, beam park_red 1, millis, screen, quit) and stdout gets
// what the device shows (DISPLAY ..., BUZZER ..., LAMP ...), one line each.
#ifndef ZHARYS_HOST_ARDUINO_H
#define ZHARYS_HOST_ARDUINO_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ZHARYS_HOST 1

typedef uint8_t byte;
typedef bool boolean;

#define HIGH 1
#define LOW 0
#define INPUT 0
#define OUTPUT 1
#define INPUT_PULLUP 2
#define CHANGE 1
#define FALLING 2
#define RISING 3
#define NOT_AN_INTERRUPT -1
#define LED_BUILTIN 13

// An Uno's numbering: D0-D13, then A0-A5 as 14-19.
#define HOST_PINS 20
static const uint8_t A0 = 14, A1 = 15, A2 = 16, A3 = 17, A4 = 18, A5 = 19;

// Like an Uno: only D2 and D3 have an external interrupt (INT0, INT1).
inline int digitalPinToInterrupt(uint8_t pin) {
    return pin == 2 ? 0 : (pin == 3 ? 1 : NOT_AN_INTERRUPT);
}

unsigned long millis();
unsigned long micros();
void delay(unsigned long ms);
void delayMicroseconds(unsigned int us);
void pinMode(uint8_t pin, uint8_t mode);
int digitalRead(uint8_t pin);
void digitalWrite(uint8_t pin, uint8_t value);
void attachInterrupt(int interrupt, void (*isr)(), int mode);
void detachInterrupt(int interrupt);
inline void noInterrupts() {}
inline void interrupts() {}
void tone(uint8_t pin, unsigned int frequency, unsigned long duration = 0);
void noTone(uint8_t pin);

class Print {
public:
    virtual ~Print() {}
    virtual size_t write(uint8_t b) = 0;
    virtual size_t write(const uint8_t* buffer, size_t size) {
        size_t n = 0;
        while (size--) n += write(*buffer++);
        return n;
    }
    size_t write(const char* s) { return write((const uint8_t*)s, strlen(s)); }
    size_t print(const char* s) { return write(s); }
    size_t print(char c) { return write((uint8_t)c); }
    size_t print(unsigned long v);
    size_t println(const char* s) { return print(s) + print("\r\n"); }
    size_t println() { return print("\r\n"); }
};

class Stream : public Print {
public:
    virtual int available() = 0;
    virtual int read() = 0;
    virtual int peek() = 0;
};

// The serial port: a file (the pty slave given on the command line), non-blocking reads.
class HostSerial : public Stream {
public:
    void begin(unsigned long baud);
    void end() {}
    int available() override;
    int read() override;
    int peek() override;
    size_t write(uint8_t b) override;
    size_t write(const uint8_t* buffer, size_t size) override;
    using Print::write;
    operator bool() const { return true; }

private:
    void fill();
    uint8_t buf_[256];
    size_t head_ = 0, tail_ = 0;
};

extern HostSerial Serial;

// ---- host only (guard with #ifdef ZHARYS_HOST) ----
// Names a pin for the control lines on stdin and sets its input level before setup().
void hostNamePin(const char* name, uint8_t pin, uint8_t level = HIGH);
// Prints one line to stdout, printf-style, for the test to read (DISPLAY ..., LAMP ...).
void hostReport(const char* format, ...) __attribute__((format(printf, 1, 2)));

void setup();
void loop();

#endif
