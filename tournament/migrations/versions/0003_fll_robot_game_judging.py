"""FLL: robot-game rounds, team agreement on sheets, judging sessions and rubrics, event settings

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 17:34:52.798692
"""

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('judging_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('room', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('event_id', 'team_id', 'kind')
    )
    with op.batch_alter_table('judging_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_judging_sessions_event_id'), ['event_id'],
                              unique=False)

    op.create_table('rubric_sheets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('area', sa.String(length=40), nullable=False),
    sa.Column('room', sa.Integer(), nullable=False),
    sa.Column('levels', sa.JSON(), nullable=False),
    sa.Column('comments', sa.JSON(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('submitted', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('event_id', 'team_id', 'area', 'room')
    )
    with op.batch_alter_table('rubric_sheets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rubric_sheets_event_id'), ['event_id'], unique=False)

    op.create_table('rubric_submissions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('rubric_id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['rubric_id'], ['rubric_sheets.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key')
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('settings', sa.JSON(), server_default='{}', nullable=False))

    with op.batch_alter_table('matches', schema=None) as batch_op:
        batch_op.add_column(sa.Column('round', sa.Integer(), nullable=True))

    with op.batch_alter_table('score_sheets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('agreed_by', sa.String(length=12), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('score_sheets', schema=None) as batch_op:
        batch_op.drop_column('agreed_by')

    with op.batch_alter_table('matches', schema=None) as batch_op:
        batch_op.drop_column('round')

    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('settings')

    op.drop_table('rubric_submissions')
    with op.batch_alter_table('rubric_sheets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rubric_sheets_event_id'))

    op.drop_table('rubric_sheets')
    with op.batch_alter_table('judging_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_judging_sessions_event_id'))

    op.drop_table('judging_sessions')
