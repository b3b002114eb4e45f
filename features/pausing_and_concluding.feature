Feature: Pausing and concluding
  Life gets in the way. Either party, or the programme's coordinator, may pause a
  relationship and resume it later, or conclude it with an outcome. A paused relationship
  waits for nothing but resuming or concluding; an ended one is kept for reading only.

  Scenario Outline: A party or the coordinator pauses the relationship
    Given Ana mentors Budi in the "Graduate Engineers" programme
    When <who> pauses the relationship because "Parental leave"
    Then the relationship is paused
    And the history shows, in order
      | who   | what      |
      | <who> | paused it |

    Examples:
      | who             |
      | Ana             |
      | Budi            |
      | the coordinator |

  Scenario Outline: A party or the coordinator resumes it
    Given Ana mentors Budi in the "Graduate Engineers" programme
    And the relationship is now paused
    When <who> resumes the relationship
    Then the relationship is active
    And the history shows, in order
      | who   | what       |
      | <who> | resumed it |

    Examples:
      | who             |
      | Ana             |
      | Budi            |
      | the coordinator |

  Scenario Outline: A party or the coordinator concludes it
    Given Ana mentors Budi in the "Graduate Engineers" programme
    When <who> concludes the relationship with the outcome "<outcome>"
    Then the relationship is concluded with the outcome "<outcome>"
    And the history shows, in order
      | who   | what         |
      | <who> | concluded it |

    Examples:
      | who             | outcome          |
      | Ana             | goals_met        |
      | Budi            | mismatch         |
      | the coordinator | no_longer_needed |
      | Budi            | other            |

  Scenario: The parties keep their reflection on how it went
    Given Ana mentors Budi in the "Graduate Engineers" programme
    When Budi concludes the relationship with the outcome "goals_met", reflecting "I lead reviews on my own now"
    Then Ana reads the outcome "goals_met" with the reflection "I lead reviews on my own now"

  Scenario: A paused relationship can be concluded
    Given Ana mentors Budi in the "Graduate Engineers" programme
    And the relationship is now paused
    When Ana concludes the relationship with the outcome "no_longer_needed"
    Then the relationship is concluded with the outcome "no_longer_needed"

  Scenario Outline: A paused relationship waits for resuming or concluding
    Given Ana mentors Budi in the "Graduate Engineers" programme
    And the relationship is now paused
    When <who> tries to <do what>
    Then it is refused because the relationship does not allow it now
    And the relationship is still paused

    Examples:
      | who             | do what                      |
      | Budi            | schedule a meeting           |
      | Ana             | add a goal                   |
      | Budi            | give feedback                |
      | Ana             | propose boundaries           |
      | Budi            | propose to continue as peers |
      | Ana             | pause the relationship       |
      | the coordinator | pause the relationship       |

  Scenario: Only a paused relationship can be resumed
    Given Ana mentors Budi in the "Graduate Engineers" programme
    When Budi resumes the relationship
    Then it is refused because the relationship does not allow it now
    And the relationship is still active

  Scenario Outline: After it has ended a relationship is only read
    Given Budi has asked Ana for mentoring, and the relationship is now <status>
    When <who> tries to <do what>
    Then it is refused because the relationship does not allow it now
    And Ana can still read the relationship, which is <status>

    Examples:
      | status    | who             | do what                   |
      | concluded | Ana             | resume the relationship   |
      | concluded | Budi            | schedule a meeting        |
      | concluded | Ana             | pause the relationship    |
      | concluded | the coordinator | conclude the relationship |
      | declined  | Budi            | schedule a meeting        |
      | declined  | Ana             | pause the relationship    |
      | withdrawn | Budi            | add a goal                |
      | withdrawn | Ana             | conclude the relationship |
