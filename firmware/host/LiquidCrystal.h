// Host shim for the Arduino LiquidCrystal library (HD44780 16x2): keeps the characters in
// memory; the control line `screen` on stdin prints them as `SCREEN |...|`, one row a line.
#ifndef ZHARYS_HOST_LIQUIDCRYSTAL_H
#define ZHARYS_HOST_LIQUIDCRYSTAL_H

#include <Arduino.h>

class LiquidCrystal : public Print {
public:
    LiquidCrystal(uint8_t rs, uint8_t enable, uint8_t d4, uint8_t d5, uint8_t d6, uint8_t d7);
    void begin(uint8_t cols, uint8_t rows);
    void clear();
    void setCursor(uint8_t col, uint8_t row);
    size_t write(uint8_t b) override;
    using Print::write;

    static void dumpAll();  // prints every LiquidCrystal's rows (the `screen` control line)

private:
    uint8_t cols_ = 16, rows_ = 2, col_ = 0, row_ = 0;
    char text_[4][41];
};

#endif
