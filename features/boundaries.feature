Feature: Agreeing boundaries
  Mentor and mentee agree how often they meet, how, and what stays confidential,
  before the mentoring settles into a rhythm. What they agreed stays in force until
  they agree something new, and nobody agrees to their own proposal.

  Background:
    Given Ana mentors Budi in the "Graduate Engineers" programme

  Scenario: The mentee proposes and the mentor agrees
    When Budi proposes to meet every 14 days by video, keeping "salary" confidential
    And Ana agrees to the proposed boundaries
    Then the boundaries in force are every 14 days by video
    And "salary" is kept confidential
    And no proposal awaits agreement
    And the history shows, in order
      | who  | what                  |
      | Budi | proposed boundaries   |
      | Ana  | agreed the boundaries |

  Scenario: The mentor proposes and the mentee agrees
    When Ana proposes to meet every 30 days by phone
    And Budi agrees to the proposed boundaries
    Then the boundaries in force are every 30 days by phone

  Scenario: A proposal waits for the other party
    When Budi proposes to meet every 14 days by video
    Then Budi's proposal to meet every 14 days by video awaits agreement
    And no boundaries are in force yet

  Scenario: Nobody agrees to their own proposal
    Given Budi has proposed to meet every 14 days by video
    When Budi agrees to the proposed boundaries
    Then it is not allowed
    And no boundaries are in force yet

  Scenario: There is nothing to agree to before anyone proposes
    When Ana agrees to the proposed boundaries
    Then it is refused because there is nothing to agree to

  Scenario: A proposal is agreed only once
    Given Budi has proposed to meet every 14 days by video
    And Ana has agreed to the proposed boundaries
    When Ana agrees to the proposed boundaries
    Then it is refused because there is nothing to agree to

  Scenario: Agreed boundaries stay in force while new ones are discussed
    Given they have agreed to meet every 14 days by video
    When Ana proposes to meet every 30 days by phone
    Then the boundaries in force are every 14 days by video
    And Ana's proposal to meet every 30 days by phone awaits agreement

  Scenario: Renegotiated boundaries take over once agreed
    Given they have agreed to meet every 14 days by video
    And Ana has proposed to meet every 30 days by phone
    When Budi agrees to the proposed boundaries
    Then the boundaries in force are every 30 days by phone
    And no proposal awaits agreement

  Scenario Outline: Boundaries are negotiated only while the relationship is active
    Given the relationship is now <status>
    When Budi proposes to meet every 14 days by video
    Then it is refused because the relationship does not allow it now

    Examples:
      | status    |
      | paused    |
      | concluded |

  Scenario: Boundaries cannot be proposed before the request is accepted
    Given Dara has asked Chen for mentoring, and the relationship is now requested
    When Dara proposes to meet every 14 days by video
    Then it is refused because the relationship does not allow it now
