"""divisions, alliance selection, playoffs

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 15:20:58.351708
"""

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('divisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('event_id', 'code'),
    sa.UniqueConstraint('event_id', 'number')
    )
    with op.batch_alter_table('divisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_divisions_event_id'), ['event_id'], unique=False)

    op.create_table('alliance_selections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('division_id', sa.Integer(), nullable=True),
    sa.Column('rules', sa.JSON(), nullable=False),
    sa.Column('ranking', sa.JSON(), nullable=False),
    sa.Column('actions', sa.JSON(), nullable=False),
    sa.Column('pick_seconds', sa.Integer(), nullable=True),
    sa.Column('turn_started_ms', sa.BigInteger(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['division_id'],
        ['divisions.id'],
        name='fk_selections_division',
        ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('alliance_selections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alliance_selections_event_id'),
            ['event_id'],
            unique=False)

    op.create_table('playoffs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('division_id', sa.Integer(), nullable=True),
    sa.Column('format', sa.JSON(), nullable=False),
    sa.Column('alliances', sa.JSON(), nullable=False),
    sa.Column('games', sa.JSON(), nullable=False),
    sa.Column('disqualified', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['division_id'],
        ['divisions.id'],
        name='fk_playoffs_division',
        ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('playoffs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_playoffs_event_id'), ['event_id'], unique=False)

    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('display_mode', sa.String(length=16),
                                      server_default='match', nullable=False))
        batch_op.add_column(sa.Column('display_division', sa.String(length=20), nullable=True))

    with op.batch_alter_table('fields', schema=None) as batch_op:
        batch_op.add_column(sa.Column('division_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_fields_division',
            'divisions',
            ['division_id'],
            ['id'],
            ondelete='SET NULL')

    with op.batch_alter_table('matches', schema=None) as batch_op:
        batch_op.add_column(sa.Column('division_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('playoff_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('bracket_key', sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column('game', sa.Integer(), server_default='1', nullable=False))
        batch_op.create_index(batch_op.f('ix_matches_playoff_id'), ['playoff_id'], unique=False)
        batch_op.create_foreign_key('fk_matches_playoff',
            'playoffs',
            ['playoff_id'],
            ['id'],
            ondelete='CASCADE')
        batch_op.create_foreign_key('fk_matches_division',
            'divisions',
            ['division_id'],
            ['id'],
            ondelete='SET NULL')

    with op.batch_alter_table('teams', schema=None) as batch_op:
        batch_op.add_column(sa.Column('division_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_teams_division_id'), ['division_id'], unique=False)
        batch_op.create_foreign_key('fk_teams_division',
            'divisions',
            ['division_id'],
            ['id'],
            ondelete='SET NULL')



def downgrade() -> None:
    with op.batch_alter_table('teams', schema=None) as batch_op:
        batch_op.drop_constraint('fk_teams_division', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_teams_division_id'))
        batch_op.drop_column('division_id')

    with op.batch_alter_table('matches', schema=None) as batch_op:
        batch_op.drop_constraint('fk_matches_division', type_='foreignkey')
        batch_op.drop_constraint('fk_matches_playoff', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_matches_playoff_id'))
        batch_op.drop_column('game')
        batch_op.drop_column('bracket_key')
        batch_op.drop_column('playoff_id')
        batch_op.drop_column('division_id')

    with op.batch_alter_table('fields', schema=None) as batch_op:
        batch_op.drop_constraint('fk_fields_division', type_='foreignkey')
        batch_op.drop_column('division_id')

    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('display_division')
        batch_op.drop_column('display_mode')

    with op.batch_alter_table('playoffs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_playoffs_event_id'))

    op.drop_table('playoffs')
    with op.batch_alter_table('alliance_selections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alliance_selections_event_id'))

    op.drop_table('alliance_selections')
    with op.batch_alter_table('divisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_divisions_event_id'))

    op.drop_table('divisions')
