// Lamps and an active buzzer driven by the server's LAMP and BUZ commands: the part the timer
// console and the stack light share. Header only, no heap; include it after ZharysProtocol.h.
#pragma once

#include <string.h>

#include "ZharysProtocol.h"

enum { ZP_LAMP_OFF = 0, ZP_LAMP_ON = 1, ZP_LAMP_BLINK = 2 };

struct ZpLamp {
    const char* colour;  // as the protocol names it: red, amber, green, blue, white
    uint8_t pin;         // LED + 220 ohm resistor to GND, or a MOSFET / relay for a tower
    uint8_t mode;        // ZP_LAMP_OFF, ZP_LAMP_ON, ZP_LAMP_BLINK
};

class ZpOutputs {
public:
    static const uint32_t BLINK_MS = 250;      // on 250 ms, off 250 ms; blinking lamps in step
    static const uint32_t BUZZ_MAX_MS = 5000;

    ZpOutputs(ZpLamp* lamps, uint8_t count, uint8_t buzzerPin)
        : lamps_(lamps), count_(count), buzzer_(buzzerPin) {}

    void begin() {
        for (uint8_t i = 0; i < count_; i++) {
            pinMode(lamps_[i].pin, OUTPUT);
            digitalWrite(lamps_[i].pin, LOW);
        }
        pinMode(buzzer_, OUTPUT);
        digitalWrite(buzzer_, LOW);
    }

    // LAMP,<colour>,<mode> and BUZ,<ms>: 0 once done, else the NAK reason ("unknown" for any
    // other command, so a sketch can hand on whatever it does not handle itself).
    const char* command(const ZpFrame& f) {
        if (f.is("LAMP")) {
            const char* mode = f.field(1);
            uint8_t m;
            if (strcmp(mode, "off") == 0) m = ZP_LAMP_OFF;
            else if (strcmp(mode, "on") == 0) m = ZP_LAMP_ON;
            else if (strcmp(mode, "blink") == 0) m = ZP_LAMP_BLINK;
            else return "mode";
            for (uint8_t i = 0; i < count_; i++) {
                if (strcmp(lamps_[i].colour, f.field(0)) == 0) {
                    setLamp(lamps_[i], m);
                    return 0;
                }
            }
            return "colour";   // a colour this device has no lamp for
        }
        if (f.is("BUZ")) {
            uint32_t ms;
            if (!zpParseUnsigned(f.field(0), &ms) || ms < 1 || ms > BUZZ_MAX_MS) return "range";
            startBuzzer(ms);
            return 0;
        }
        return "unknown";
    }

    // Call every loop: ends the buzzer's sound and blinks the blinking lamps.
    void update(uint32_t now) {
        if (buzzing_ && now - buzzStart_ >= buzzLength_) {
            buzzing_ = false;
            digitalWrite(buzzer_, LOW);
#ifdef ZHARYS_HOST
            hostReport("BUZZER off");
#endif
        }
        uint8_t level = ((now / BLINK_MS) % 2 == 0) ? HIGH : LOW;
        for (uint8_t i = 0; i < count_; i++) {
            if (lamps_[i].mode == ZP_LAMP_BLINK) digitalWrite(lamps_[i].pin, level);
        }
    }

private:
    void setLamp(ZpLamp& lamp, uint8_t mode) {
        lamp.mode = mode;
        digitalWrite(lamp.pin, mode == ZP_LAMP_ON ? HIGH : LOW);  // blink: update() drives it
#ifdef ZHARYS_HOST
        static const char* const MODES[] = {"off", "on", "blink"};
        hostReport("LAMP %s %s", lamp.colour, MODES[mode]);
#endif
    }

    void startBuzzer(uint32_t ms) {
        buzzing_ = true;
        buzzStart_ = millis();
        buzzLength_ = ms;
        digitalWrite(buzzer_, HIGH);
#ifdef ZHARYS_HOST
        hostReport("BUZZER %lu", (unsigned long)ms);
#endif
    }

    ZpLamp* lamps_;
    uint8_t count_;
    uint8_t buzzer_;
    bool buzzing_ = false;
    uint32_t buzzStart_ = 0, buzzLength_ = 0;
};
